package dev.fencecheck.drivers.i915;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.Memory;
import dev.fencecheck.api.kernel.Shrinker;

/**
 * The GEM shrinker ({@code gem/i915_gem_shrinker.c}): objects are only ever trylocked, idle ones
 * lose their pages, and busy ones are skipped, except from kswapd, which unbinds them with
 * I915_SHRINK_ACTIVE and so waits for the GPU from reclaim.
 */
@Singleton
final class I915GemShrinker implements Shrinker {
    /** vmscan.c: SHRINK_STOP. */
    private static final long SHRINK_STOP = -1;

    private final Memory memory;
    private final I915GemObjects objects;
    private final I915Vma vma;
    private final CurrentTask current;
    /** How many busy objects this shrinker waited for (for the model's tests). */
    private int activeWaits;

    // i915_gem_shrinker.c: i915_gem_driver_register__shrinker(): register_shrinker(&i915->mm.shrinker, "drm-i915_gem")
    @Inject
    I915GemShrinker(Memory memory, I915GemObjects objects, I915Vma vma, CurrentTask current) {
        this.memory = memory;
        this.objects = objects;
        this.vma = vma;
        this.current = current;
        memory.registerShrinker(this);
    }

    @Override
    public String name() {
        return "drm-i915_gem";
    }

    // i915_gem_shrinker.c: i915_gem_shrinker_count(): i915->mm.shrink_memory >> PAGE_SHIFT
    @Override
    public long count() {
        return objects.shrinkablePages();
    }

    /**
     * i915_gem_shrinker_scan(): i915_gem_shrink(I915_SHRINK_BOUND | I915_SHRINK_UNBOUND), and if
     * that scanned too little and {@code current_is_kswapd()}, again under a runtime-pm wakeref
     * with I915_SHRINK_ACTIVE | I915_SHRINK_WRITEBACK.
     */
    @Override
    public long scan(long toScan) {
        long[] scanned = {0};
        long freed = shrink(toScan, scanned, false);
        if (scanned[0] < toScan && current.isKswapd()) {
            freed += shrink(toScan - scanned[0], scanned, true);
        }
        return scanned[0] > 0 ? freed : SHRINK_STOP;
    }

    /**
     * i915_gem_shrink(NULL, ...): walk the shrink list (taken under i915->mm.obj_lock), trylock
     * each object ("May arrive from get_pages on another bo"), drop_pages() and put the pages.
     */
    private long shrink(long target, long[] scanned, boolean active) {
        long count = 0;
        for (I915GemObject obj : objects.shrinkList()) {
            if (count >= target) {
                break;
            }
            // i915_gem_object_trylock(obj, NULL)
            if (!obj.resv.trylock()) {
                continue;
            }
            try {
                // drop_pages() && !__i915_gem_object_put_pages()
                if (obj.hasPages && dropPages(obj, active)) {
                    obj.hasPages = false;
                    memory.free(I915GemObject.PAGES);
                    count += I915GemObject.PAGES;
                }
                scanned[0] += I915GemObject.PAGES;
            } finally {
                obj.resv.unlock();
            }
        }
        return count;
    }

    /**
     * drop_pages() -> i915_gem_object_unbind(): a busy vma is -EBUSY unless
     * I915_GEM_OBJECT_UNBIND_ACTIVE, with which i915_vma_unbind() -> i915_vma_sync() waits for
     * the bind and the requests using it.
     */
    private boolean dropPages(I915GemObject obj, boolean active) {
        boolean busy = (obj.bindFence != null && !obj.bindFence.isSignaled())
                || !obj.resv.testSignaled(DmaResv.Usage.BOOKKEEP);
        if (busy) {
            if (!active) {
                return false;
            }
            activeWaits++;
            vma.sync(obj);
        }
        vma.unbindIdle(obj);
        return true;
    }

    int activeWaits() {
        return activeWaits;
    }
}
