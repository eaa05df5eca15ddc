package dev.fencecheck.drivers.armsoc.msm;

import dev.fencecheck.api.DriverContext;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuScheduler;
import dev.fencecheck.api.kernel.Job;
import dev.fencecheck.api.kernel.SchedulerBackend;
import dev.fencecheck.drivers.armsoc.drm.Errno;
import dev.fencecheck.drivers.armsoc.drm.HwFences;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * {@code msm_ringbuffer.c}: a drm_sched per ring ({@code msm_ringbuffer_new()}) with
 * {@code msm_sched_ops} (run_job, free_job).
 *
 * <p>msm passes {@code MAX_SCHEDULE_TIMEOUT} to drm_sched ("currently managing hangcheck
 * ourselves") and detects hangs with its own timer ({@code hangcheck_handler()}, every
 * {@code DRM_MSM_HANGCHECK_DEFAULT_PERIOD} = 500 ms), which queues {@code recover_worker()}. The
 * SPI gives a driver no timer of its own, so the model stands the hangcheck timer in with the
 * scheduler's timeout of the same period, whose handler is msm's hangcheck.
 */
@Singleton
final class MsmRingbuffer implements SchedulerBackend {
    /** DRM_MSM_HANGCHECK_DEFAULT_PERIOD, in model ticks. */
    static final long HANGCHECK_PERIOD = 500;

    private final MsmJobRun jobRun;
    private final MsmGpu gpu;
    private final MsmFenceContext fctx;
    private final GpuScheduler[] scheds = new GpuScheduler[MsmDevice.NR_RINGS];

    @Inject
    MsmRingbuffer(DriverContext context, MsmJobRun jobRun, MsmGpu gpu, MsmFenceContext fctx) {
        this.jobRun = jobRun;
        this.gpu = gpu;
        this.fctx = fctx;
        for (int i = 0; i < scheds.length; i++) {
            scheds[i] = context.createScheduler("ring" + i, this, HANGCHECK_PERIOD);
        }
    }

    GpuScheduler sched(int ring) {
        return scheds[ring];
    }

    @Override
    public DmaFence runJob(Job job) {
        MsmSubmit submit = (MsmSubmit) job;
        DmaFence fence = jobRun.run(submit);
        return fence != null ? fence : HwFences.errPtr(fctx.timeline(submit.ring), Errno.ENOMEM);
    }

    // hangcheck_handler(): the ring's fence has not moved since the last check, and the CP made no
    // progress (a5xx has no ->progress() hook), so recover_worker() runs
    @Override
    public void timedoutJob(Job job) {
        gpu.recover((MsmSubmit) job);
    }

    // msm_job_free() -> msm_gem_submit_put(); retire_submit() ran when the fence signalled
    @Override
    public void freeJob(Job job) {
        MsmSubmit submit = (MsmSubmit) job;
        jobRun.retire(submit);
        gpu.retire();
        if (submit.hwFenceAllocated) {
            submit.hwFenceAllocated = false;
            fctx.free();
        }
    }
}
