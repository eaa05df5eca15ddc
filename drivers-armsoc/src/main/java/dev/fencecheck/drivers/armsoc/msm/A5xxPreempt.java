package dev.fencecheck.drivers.armsoc.msm;

import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Preemption;
import dev.fencecheck.api.kernel.GpuEngine;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * {@code adreno/a5xx_preempt.c}: ring-level preemption. {@code a5xx_preempt_trigger()} picks the
 * highest-priority ring with work, writes CP_CONTEXT_SWITCH_CNTL, and the CP saves the current
 * ring's state to its preemption record at the next preemption point inside the IBs
 * ({@code CP_PREEMPT_ENABLE_LOCAL}); {@code a5xx_preempt_irq()} completes the switch, and a later
 * trigger switches back. A 10 s timer ({@code a5xx_preempt_timer()}) turns a stuck preemption into
 * a GPU recovery. No preempt fences: msm has no long-running contexts.
 *
 * <p>In the model the rings are engines that share one compute unit (one CP): preempting a context
 * takes its ring off the hardware, which frees the CP for the other rings, and lets the ring run
 * again once it is off, as the CP switches back when the higher rings drain. The automatic
 * trigger on every submit (a5xx_flush()) is not modelled: a ring's job simply waits for the CP.
 */
@Singleton
final class A5xxPreempt implements Preemption {
    /** a5xx_preempt_trigger(): mod_timer(&a5xx_gpu->preempt_timer, jiffies + msecs_to_jiffies(10000)). */
    static final long PREEMPT_TIMEOUT = 10_000;

    private final MsmDevice dev;

    @Inject
    A5xxPreempt(MsmDevice dev) {
        this.dev = dev;
    }

    @Override
    public boolean preempt(GpuContext context) {
        GpuEngine ring = dev.engine(MsmDevice.ring(context.engine()));
        // a5xx_preempt_trigger(): PREEMPT_NONE -> PREEMPT_START -> PREEMPT_TRIGGERED, and the CP switches
        ring.preempt();
        // a5xx_preempt_irq(): PREEMPT_PENDING -> PREEMPT_NONE; the saved ring is restored by a later switch
        ring.resume();
        return true;
    }
}
