package dev.fencecheck.drivers.armsoc.msm;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Held;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Kernel source: drivers/gpu/drm/msm/msm_ringbuffer.c.
 * Mainline {@code msm_job_run()}: {@code msm_fence_init()} of the pre-allocated fence, the objects
 * unpinned under the LRU lock only ("drm/msm/gem: Avoid obj lock in job_run()"), then
 * {@code msm_gpu_submit()} under {@code gpu->lock}, which resumes the GPU.
 */
@SuppressWarnings("try") // lock holds are try-with-resources whose body does not name them
@Singleton
final class MsmJobRunMainline implements MsmJobRun {
    private final MsmDevice dev;
    private final MsmHwFence hwFence;
    private final MsmGpu gpu;

    @Inject
    MsmJobRunMainline(MsmDevice dev, MsmHwFence hwFence, MsmGpu gpu) {
        this.dev = dev;
        this.hwFence = hwFence;
        this.gpu = gpu;
    }

    @Override
    public DmaFence run(MsmSubmit submit) {
        DmaFence fence = hwFence.jobRun(submit);
        if (fence == null) {
            return null;
        }
        submit.hwFence = fence;
        // msm_gem_vma_unpin_fenced(); msm_gem_unpin_active(): pin_count--, update_lru_active()
        try (Held lru = dev.lruLock.lock()) {
            for (MsmGemObject obj : submit.bos) {
                MsmGem.unpinLocked(obj);
            }
        }
        submit.pinned = false;
        // "TODO move submit path over to using a per-ring lock.."
        try (Held l = dev.gpuLock.lock()) {
            gpu.resume(); // msm_gpu_submit(): pm_runtime_get_sync(&gpu->pdev->dev)
            gpu.submit(submit);
        }
        return fence;
    }

    @Override
    public void retire(MsmSubmit submit) {
        // the objects were unpinned in msm_job_run() already
    }
}
