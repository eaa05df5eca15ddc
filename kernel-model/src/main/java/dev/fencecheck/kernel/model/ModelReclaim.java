package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Shrinker;
import dev.fencecheck.exec.ModelThread;
import dev.fencecheck.kernel.KernelThread;
import dev.fencecheck.lockdep.Site;

/**
 * Page reclaim ({@code mm/vmscan.c}) for one node, run by an allocating thread (direct reclaim)
 * or by kswapd: the LRU, whose mapped user pages are unmapped through the mmu notifiers, then
 * the shrinkers. One pass at the most aggressive priority stands for the kernel's priority loop.
 */
final class ModelReclaim {
    /** vmscan.c: SHRINK_BATCH. */
    private static final long SHRINK_BATCH = 128;

    private final ModelKernel kernel;
    private final ModelMemory memory;

    ModelReclaim(ModelKernel kernel, ModelMemory memory) {
        this.kernel = kernel;
        this.memory = memory;
    }

    /**
     * page_alloc.c: __perform_reclaim(): fs_reclaim_acquire(gfp) (the fs_reclaim map only with
     * __GFP_FS), memalloc_noreclaim_save() (PF_MEMALLOC, so nothing in reclaim recurses into
     * it), try_to_free_pages(). The PF_MEMALLOC of reclaim is kept from the annotation on
     * purpose: an allocation in a shrinker or notifier is reported (RECLAIM-ALLOC).
     *
     * @param flags the allocation's mask after current_gfp_context()
     * @return pages reclaimed (progress)
     */
    long direct(ModelThread t, KernelThread kt, TaskMemalloc task, int flags, Site site) {
        boolean fs = (flags & Gfp.FS) != 0;
        Site s = Site.of(site.source(), "direct reclaim for " + site.operation());
        if (fs) {
            kernel.lockdep().enterReclaim(kt, s);
        }
        task.enterMemalloc();
        // vmscan.c: try_to_free_pages(): scan_control.gfp_mask = current_gfp_context(gfp)
        long progress = shrinkNode(t, kt, flags, s);
        task.exitMemalloc();
        if (fs) {
            kernel.lockdep().exitReclaim(kt, s);
        }
        return progress;
    }

    /**
     * vmscan.c: balance_pgdat(): kswapd reclaims under __fs_reclaim_acquire() with
     * sc.gfp_mask = GFP_KERNEL.
     */
    long balance(ModelThread t, KernelThread kt, Site s) {
        kernel.lockdep().enterReclaim(kt, s);
        long progress = shrinkNode(t, kt, Gfp.GFP_KERNEL.flags(), s);
        kernel.lockdep().exitReclaim(kt, s);
        return progress;
    }

    // vmscan.c: shrink_node_memcgs(): shrink_lruvec() then shrink_slab()
    private long shrinkNode(ModelThread t, KernelThread kt, int flags, Site s) {
        long progress = 0;
        for (ModelMm mm : memory.lru()) {
            progress += mm.reclaimPages(t, kt, s);
        }
        return progress + shrinkSlab(t, flags, s);
    }

    /**
     * vmscan.c: shrink_slab() calls every registered shrinker with sc->gfp_mask, and a shrinker
     * that may recurse into the filesystem, or wait for a dma_fence (the primed order is
     * fs_reclaim -> dma_fence_map), returns SHRINK_STOP without __GFP_FS (as super_cache_scan()
     * does). The SPI's Shrinker has no mask, so the model applies that test for it: shrinkers
     * run only when the mask, after the memalloc scope, has __GFP_FS.
     */
    private long shrinkSlab(ModelThread t, int flags, Site s) {
        if ((flags & Gfp.FS) == 0) {
            return 0;
        }
        long freed = 0;
        for (Shrinker shrinker : memory.shrinkers()) {
            freed += doShrinkSlab(t, shrinker, s);
        }
        return freed;
    }

    // vmscan.c: do_shrink_slab(): count_objects(), then scan_objects() in batches
    private long doShrinkSlab(ModelThread t, Shrinker shrinker, Site s) {
        t.point(memory.key(shrinker), "shrinker " + shrinker.name() + ": count_objects()", s.source());
        long freeable = shrinker.count();
        if (freeable <= 0) {
            return 0;
        }
        long freed = 0;
        for (long toScan = freeable; toScan > 0; toScan -= SHRINK_BATCH) {
            long batch = Math.min(SHRINK_BATCH, toScan);
            t.point(memory.key(shrinker), "shrinker " + shrinker.name() + ": scan_objects(" + batch + ")", s.source());
            long ret = shrinker.scan(batch);
            if (ret < 0) {
                break; // SHRINK_STOP
            }
            freed += ret;
        }
        return freed;
    }
}
