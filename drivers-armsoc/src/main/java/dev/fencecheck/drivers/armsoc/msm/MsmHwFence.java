package dev.fencecheck.drivers.armsoc.msm;

import dev.fencecheck.api.kernel.DmaFence;

/**
 * Kernel source: drivers/gpu/drm/msm/msm_fence.c, drivers/gpu/drm/msm/msm_ringbuffer.c.
 * Where {@code submit->hw_fence} is allocated: the behaviour Rob Clark's "drm/msm: Pre-allocate
 * hw_fence" (2023) moved from {@code msm_job_run()} to {@code submit_create()}.
 */
interface MsmHwFence {
    /** submit_create(), in the SUBMIT ioctl before anything is published: false for -ENOMEM. */
    boolean submitCreate(MsmSubmit submit);

    /** msm_job_run(): the hardware fence, or null for -ENOMEM. */
    DmaFence jobRun(MsmSubmit submit);
}
