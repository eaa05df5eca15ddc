package dev.fencecheck.drivers.armsoc.drm;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Fences;

/** Helpers for the hardware fences run_job returns ({@code drivers/gpu/drm/scheduler/sched_main.c}). */
public final class HwFences {
    private HwFences() {
    }

    /**
     * run_job returning {@code ERR_PTR(errno)}: drm_sched_run_job_work() then completes the job with
     * that error (drm_sched_job_done()). The SPI's run_job returns a fence or null (success), so the
     * model returns a fence of the driver's timeline already signalled with the error, which the
     * scheduler treats the same way.
     */
    public static DmaFence errPtr(Fences.FenceTimeline timeline, int errno) {
        DmaFence f = timeline.create();
        f.signal(errno);
        return f;
    }
}
