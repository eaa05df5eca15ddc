package dev.fencecheck.drivers.armsoc.msm;

import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.drivers.armsoc.drm.GemObject;

/**
 * {@code struct msm_gem_object} ({@code msm_gem.h}): its pin count, whether it has pages, its
 * madvise state, and which of the device's LRUs ({@code priv->lru}) holds it.
 */
final class MsmGemObject extends GemObject {
    /** priv->lru.unbacked, .pinned, .willneed, .dontneed (msm_drv.h). */
    enum Lru { UNBACKED, PINNED, WILLNEED, DONTNEED }

    Lru lru = Lru.WILLNEED;
    int pinCount;
    /** msm_obj->pages != NULL. */
    boolean backed = true;
    /** MSM_MADV_WILLNEED; the SPI has no madvise ioctl, so nothing becomes DONTNEED. */
    final boolean willneed = true;

    MsmGemObject(String name, DmaResv resv, long pages) {
        super(name, resv, pages);
    }
}
