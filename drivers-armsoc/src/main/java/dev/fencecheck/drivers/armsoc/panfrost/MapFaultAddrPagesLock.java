package dev.fencecheck.drivers.armsoc.panfrost;

import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.Mutex;
import dev.fencecheck.drivers.armsoc.drm.Errno;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Kernel source: drivers/gpu/drm/panfrost/panfrost_mmu.c (v5.8).
 * Linux 5.8: {@code mutex_lock(&bo->base.pages_lock)} around the page arrays and the shmem pages
 * (the lock drm_gem_shmem_get_pages() holds around its own shmem allocations), then the sg table
 * and the GPU mapping without it.
 */
@SuppressWarnings("try") // lock holds are try-with-resources whose body does not name them
@Singleton
final class MapFaultAddrPagesLock implements PanfrostMapFaultAddr {
    private final PanfrostHeapPages pages;
    /** The heap's shmem->pages_lock (mutex_init() in drm_gem_shmem_create(): one lock class). */
    private final Mutex pagesLock;

    @Inject
    MapFaultAddrPagesLock(PanfrostHeapPages pages, Locks locks) {
        this.pages = pages;
        this.pagesLock = locks.mutex("drm_gem_shmem.pages_lock");
    }

    @Override
    public int map(PanfrostGemObject bo) {
        try (Held l = pagesLock.lock()) {
            if (!pages.allocArrays(bo) || !pages.readPages()) {
                return Errno.ENOMEM;
            }
        }
        return pages.mapSg(bo) ? 0 : Errno.ENOMEM;
    }
}
