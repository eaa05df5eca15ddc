package dev.fencecheck.drivers.i915;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.DriverContext;
import dev.fencecheck.api.kernel.Gpu;
import dev.fencecheck.api.kernel.GpuEngine;
import dev.fencecheck.api.kernel.Kernel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The engines of the GT ({@code gt/intel_engine_cs.c}: intel_engines_init()), each with its
 * execlists submission backend ({@code gt/intel_execlists_submission.c}:
 * intel_execlists_submission_setup()). The per-engine scheduler's timeout is the request
 * watchdog, which i915 arms when a request is submitted to the backend, as drm_sched arms its
 * timeout at run_job.
 */
@Singleton
final class IntelEngines {
    private final Map<String, IntelEngine> engines = new LinkedHashMap<>();

    @Inject
    IntelEngines(DriverContext context, Kernel kernel, Gpu gpu) {
        for (GpuEngine hw : gpu.engines()) {
            IntelEngine engine = new IntelEngine(hw, kernel.locks().spinlock("i915_sched_engine.lock"),
                    kernel.fences().timeline("i915." + hw.name() + ".breadcrumb"));
            IntelExeclistsSubmission backend = new IntelExeclistsSubmission(engine, gpu.config());
            engine.setScheduler(context.createScheduler(hw.name(), backend, KconfigProfile.REQUEST_TIMEOUT_MS));
            engines.put(hw.name(), engine);
        }
    }

    IntelEngine get(String name) {
        IntelEngine e = engines.get(name);
        if (e == null) {
            throw new IllegalArgumentException("-EINVAL: no engine " + name + " (engines: " + engines.keySet() + ")");
        }
        return e;
    }
}
