package dev.fencecheck.drivers.armsoc.panfrost;

import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.drivers.armsoc.drm.Errno;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Kernel source: drivers/gpu/drm/panfrost/panfrost_mmu.c.
 * Mainline: everything under {@code dma_resv_lock(obj->resv, NULL)}, from the page arrays to the
 * GPU mapping, with "Pages are already mapped, bail out" for a chunk another fault backed.
 */
@SuppressWarnings("try") // lock holds are try-with-resources whose body does not name them
@Singleton
final class MapFaultAddrResv implements PanfrostMapFaultAddr {
    private final PanfrostHeapPages pages;

    @Inject
    MapFaultAddrResv(PanfrostHeapPages pages) {
        this.pages = pages;
    }

    @Override
    public int map(PanfrostGemObject bo) {
        try (Held resv = bo.resv().lock()) {
            if (bo.heapArrays && bo.heapRssPages > 0) {
                return 0; // "if (pages[page_offset]) { /* Pages are already mapped, bail out. */ goto out; }"
            }
            if (!pages.allocArrays(bo) || !pages.readPages() || !pages.mapSg(bo)) {
                return Errno.ENOMEM;
            }
        }
        return 0;
    }
}
