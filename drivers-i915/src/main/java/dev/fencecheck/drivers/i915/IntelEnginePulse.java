package dev.fencecheck.drivers.i915;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Preemption;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Gpu;
import dev.fencecheck.api.kernel.GpuConfig;

/**
 * How i915 preempts a context ({@code gt/intel_engine_heartbeat.c}: intel_engine_pulse(), with
 * {@code gt/intel_execlists_submission.c}): it queues a barrier-priority kernel request, the
 * execlists dequeue preempts whatever runs for it (within preempt_timeout_ms, else the engine is
 * reset), and once the pulse has run the preempted context is resubmitted. i915 never keeps a
 * context off the hardware and has no preempt fences.
 */
@Singleton
final class IntelEnginePulse implements Preemption {
    private final IntelEngines engines;
    private final Gpu gpu;

    @Inject
    IntelEnginePulse(IntelEngines engines, Gpu gpu) {
        this.engines = engines;
        this.gpu = gpu;
    }

    @Override
    public boolean preempt(GpuContext context) {
        // intel_engine_pulse(): -ENODEV without intel_engine_has_preemption()
        if (gpu.config().preemption() == GpuConfig.Preemption.NONE) {
            return false;
        }
        IntelEngine engine = engines.get(context.engine());
        engine.hardware().preempt();
        // the pulse is an empty request: it completes at once, then the context is resubmitted
        engine.hardware().resume();
        return true;
    }

    @Override
    public DmaFence preemptFence(GpuContext context) {
        return null;
    }
}
