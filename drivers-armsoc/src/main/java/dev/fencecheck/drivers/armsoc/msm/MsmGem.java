package dev.fencecheck.drivers.armsoc.msm;

import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Memory;

/** {@code msm_gem.c}: pinning, the LRU bookkeeping, eviction. */
@SuppressWarnings("try") // lock holds are try-with-resources whose body does not name them
final class MsmGem {
    private MsmGem() {
    }

    /**
     * msm_gem_pin_vma_locked() -> msm_gem_get_pages_locked() (the object's resv held): pages for an
     * object that has none, from shmem with GFP_KERNEL. False for -ENOMEM.
     */
    static boolean getPagesLocked(MsmGemObject obj, Memory memory) {
        if (!obj.backed) {
            // drm_gem_get_pages(): shmem_read_mapping_page_gfp(mapping, i, mapping_gfp_mask(mapping))
            if (!memory.alloc(Gfp.GFP_KERNEL, obj.pages())) {
                return false;
            }
            obj.backed = true;
        }
        return true;
    }

    /** msm_gem_pin_obj_locked(): pin_count++, update_lru_locked(); priv->lru.lock held. */
    static void pinObjLocked(MsmGemObject obj) {
        obj.pinCount++;
        obj.lru = MsmGemObject.Lru.PINNED;
    }

    /** msm_gem_unpin_active() / msm_gem_unpin_locked(): update_lru_active(), priv->lru.lock held. */
    static void unpinLocked(MsmGemObject obj) {
        obj.pinCount--;
        if (obj.pinCount == 0) {
            obj.lru = obj.willneed ? MsmGemObject.Lru.WILLNEED : MsmGemObject.Lru.DONTNEED;
        }
    }

    /**
     * msm_gem_evict() / msm_gem_purge() (the object's resv held): drop the GPU mappings, put the
     * pages back (to swap), and move the object to priv->lru.unbacked (update_lru() ->
     * drm_gem_lru_move_tail(), which takes the LRU lock).
     */
    static void evict(MsmDevice dev, MsmGemObject obj, Memory memory) {
        memory.free(obj.pages());
        obj.backed = false;
        try (Held l = dev.lruLock.lock()) {
            obj.lru = MsmGemObject.Lru.UNBACKED;
        }
    }
}
