package dev.fencecheck.drivers.armsoc.msm;

import dev.fencecheck.api.kernel.DmaFence;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Kernel source: drivers/gpu/drm/msm/msm_gem_submit.c.
 * Mainline: {@code submit_create()} calls {@code msm_fence_alloc()} (GFP_KERNEL, nothing published
 * yet), and {@code msm_job_run()} only {@code msm_fence_init()}s it.
 */
@Singleton
final class PreallocatedHwFence implements MsmHwFence {
    private final MsmFenceContext fctx;

    @Inject
    PreallocatedHwFence(MsmFenceContext fctx) {
        this.fctx = fctx;
    }

    @Override
    public boolean submitCreate(MsmSubmit submit) {
        if (!fctx.alloc()) {
            return false;
        }
        submit.hwFenceAllocated = true;
        return true;
    }

    @Override
    public DmaFence jobRun(MsmSubmit submit) {
        return fctx.init(submit.ring);
    }
}
