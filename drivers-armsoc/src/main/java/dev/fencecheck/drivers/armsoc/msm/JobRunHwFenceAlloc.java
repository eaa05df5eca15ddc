package dev.fencecheck.drivers.armsoc.msm;

import dev.fencecheck.api.kernel.DmaFence;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Kernel source: drivers/gpu/drm/msm/msm_ringbuffer.c and msm_fence.c (v6.1).
 * 6.1: {@code msm_job_run()} starts with {@code submit->hw_fence = msm_fence_alloc(fctx)}, a
 * {@code kzalloc(GFP_KERNEL)} inside the scheduler's run_job, where the job's finished fence is
 * already published.
 */
@Singleton
final class JobRunHwFenceAlloc implements MsmHwFence {
    private final MsmFenceContext fctx;

    @Inject
    JobRunHwFenceAlloc(MsmFenceContext fctx) {
        this.fctx = fctx;
    }

    @Override
    public boolean submitCreate(MsmSubmit submit) {
        return true;
    }

    @Override
    public DmaFence jobRun(MsmSubmit submit) {
        if (!fctx.alloc()) {
            return null;
        }
        submit.hwFenceAllocated = true;
        return fctx.init(submit.ring);
    }
}
