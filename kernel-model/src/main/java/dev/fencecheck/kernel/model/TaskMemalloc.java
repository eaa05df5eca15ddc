package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.kernel.MemallocScope;

/**
 * The allocation flags of one task ({@code current->flags}): {@code PF_MEMALLOC_NOFS},
 * {@code PF_MEMALLOC_NOIO} and {@code PF_MEMALLOC}. Scopes nest, so each is a depth.
 * {@code PF_MEMALLOC} is set by {@code memalloc_noreclaim_save()}, by direct reclaim and for the
 * whole life of kswapd.
 */
final class TaskMemalloc {
    private int nofs;
    private int noio;
    private int memalloc;

    // sched/mm.h: memalloc_{nofs,noio,noreclaim}_save()
    void save(MemallocScope scope) {
        switch (scope) {
            case NOFS -> nofs++;
            case NOIO -> noio++;
            case NORECLAIM -> memalloc++;
        }
    }

    // sched/mm.h: memalloc_{nofs,noio,noreclaim}_restore()
    void restore(MemallocScope scope) {
        switch (scope) {
            case NOFS -> nofs = Math.max(0, nofs - 1);
            case NOIO -> noio = Math.max(0, noio - 1);
            case NORECLAIM -> memalloc = Math.max(0, memalloc - 1);
        }
    }

    /** PF_MEMALLOC: the task reclaims (or must not reclaim); it never enters direct reclaim. */
    boolean memalloc() {
        return memalloc > 0;
    }

    // page_alloc.c: __perform_reclaim(): memalloc_noreclaim_save() around try_to_free_pages()
    void enterMemalloc() {
        memalloc++;
    }

    void exitMemalloc() {
        memalloc = Math.max(0, memalloc - 1);
    }

    // sched/mm.h: current_gfp_context(): NOIO drops __GFP_IO and __GFP_FS, NOFS drops __GFP_FS
    int gfpContext(int flags) {
        if (noio > 0) {
            return flags & ~(Gfp.IO | Gfp.FS);
        }
        if (nofs > 0) {
            return flags & ~Gfp.FS;
        }
        return flags;
    }
}
