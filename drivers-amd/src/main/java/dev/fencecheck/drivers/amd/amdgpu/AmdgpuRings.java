package dev.fencecheck.drivers.amd.amdgpu;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.DriverContext;
import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.Gpu;
import dev.fencecheck.api.kernel.GpuEngine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rings of the device and their schedulers: amdgpu_device_init_schedulers()
 * (amdgpu_device.c) calls drm_sched_init() for every ring with {@code amdgpu_sched_ops} and the
 * ring type's timeout (amdgpu_device_get_job_timeout_settings(): 10 s for gfx, SDMA and video,
 * 60 s for compute on bare metal; here in model ticks of one millisecond).
 */
@Singleton
final class AmdgpuRings {
    static final long GFX_TIMEOUT = 10_000;
    static final long COMPUTE_TIMEOUT = 60_000;

    private final Map<String, AmdgpuRing> byEngine = new LinkedHashMap<>();

    @Inject
    AmdgpuRings(DriverContext context, Gpu gpu, Fences fences, AmdgpuSchedBackend backend) {
        for (GpuEngine engine : gpu.engines()) {
            String name = engine.name();
            boolean sdma = name.startsWith("sdma");
            AmdgpuRing ring = new AmdgpuRing(name, engine, fences.timeline(name + ".hw"), !sdma);
            long timeout = name.startsWith("compute") ? COMPUTE_TIMEOUT : GFX_TIMEOUT;
            ring.sched = context.createScheduler(name, backend, timeout);
            byEngine.put(name, ring);
        }
    }

    AmdgpuRing ring(String engine) {
        AmdgpuRing ring = byEngine.get(engine);
        if (ring == null) {
            throw new IllegalArgumentException("-EINVAL: no ring on engine " + engine
                    + " (amdgpu_ctx_get_entity())");
        }
        return ring;
    }

    List<AmdgpuRing> all() {
        return Collections.unmodifiableList(new ArrayList<>(byEngine.values()));
    }
}
