package dev.fencecheck.drivers.armsoc.panfrost;

import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.drivers.armsoc.drm.GemObject;

/**
 * {@code struct panfrost_gem_object} ({@code panfrost_gem.h}): a shmem GEM object, the number of
 * jobs using it ({@code gpu_usecount}, which keeps the shrinker away), userspace's madvise state,
 * and for a {@code PANFROST_BO_HEAP} object the pages grown so far.
 */
final class PanfrostGemObject extends GemObject {
    /** PANFROST_MADV_WILLNEED / DONTNEED (panfrost_ioctl_madvise()), and purged by the shrinker. */
    enum Madv { WILLNEED, DONTNEED, PURGED }

    final boolean isHeap;
    int gpuUseCount;
    Madv madv = Madv.WILLNEED;
    /** Heap objects: whether bo->sgts and bo->base.pages were allocated (the first fault does). */
    boolean heapArrays;
    /** Heap objects: bo->heap_rss_size, in pages. */
    long heapRssPages;

    PanfrostGemObject(String name, DmaResv resv, long pages, boolean isHeap) {
        super(name, resv, pages);
        this.isHeap = isHeap;
    }

    /** drm_gem_shmem_is_purgeable(). */
    boolean purgeable() {
        return madv == Madv.DONTNEED;
    }
}
