package dev.fencecheck.drivers.armsoc.msm;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Held;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Kernel source: drivers/gpu/drm/msm/msm_ringbuffer.c (v6.1).
 * 6.1 {@code msm_job_run()}: {@code msm_fence_alloc()} (bound separately), then for each object
 * {@code msm_gem_lock(obj)} (its {@code dma_resv}) around {@code msm_gem_unpin_vma_fenced()}, then
 * {@code pm_runtime_get_sync()} before {@code gpu->lock} and {@code msm_gpu_submit()}. The objects'
 * own pins are dropped when the submit retires.
 */
@SuppressWarnings("try") // lock holds are try-with-resources whose body does not name them
@Singleton
final class MsmJobRunV61 implements MsmJobRun {
    private final MsmDevice dev;
    private final MsmHwFence hwFence;
    private final MsmGpu gpu;

    @Inject
    MsmJobRunV61(MsmDevice dev, MsmHwFence hwFence, MsmGpu gpu) {
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
        for (MsmGemObject obj : submit.bos) {
            try (Held l = obj.resv().lock()) { // msm_gem_lock(obj): dma_resv_lock(obj->resv, NULL)
                // msm_gem_unpin_vma_fenced(submit->bos[i].vma, fctx): the vma keeps the fence
            }
        }
        gpu.resume(); // pm_runtime_get_sync(&gpu->pdev->dev)
        try (Held l = dev.gpuLock.lock()) {
            gpu.submit(submit);
        }
        return fence;
    }

    // retire_submit(): msm_gem_lock(obj); msm_gem_unpin_locked(obj) (update_lru() takes the LRU lock)
    @Override
    public void retire(MsmSubmit submit) {
        if (!submit.pinned) {
            return;
        }
        submit.pinned = false;
        for (MsmGemObject obj : submit.bos) {
            try (Held l = obj.resv().lock(); Held lru = dev.lruLock.lock()) {
                MsmGem.unpinLocked(obj);
            }
        }
    }
}
