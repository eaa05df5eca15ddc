package dev.fencecheck.api.kernel;

/**
 * The page allocator ({@code mm/page_alloc.c}) under memory pressure: a capacity in pages,
 * GFP masks with their real semantics, direct reclaim that runs the shrinkers and invalidates
 * mappings, the {@code memalloc_*} scopes, and mempools.
 */
public interface Memory {
    /**
     * Allocates {@code pages} pages. Masks without direct reclaim (GFP_NOWAIT, GFP_ATOMIC) never
     * sleep and fail when memory is short; reclaiming masks enter direct reclaim first.
     * Returns false on failure.
     */
    boolean alloc(Gfp gfp, long pages);

    void free(long pages);

    /** register_shrinker(). */
    void registerShrinker(Shrinker shrinker);

    /** memalloc_nofs_save() .. restore. */
    Held nofs();

    /** memalloc_noio_save() .. restore. */
    Held noio();

    /** memalloc_noreclaim_save() .. restore. */
    Held noreclaim();

    /** mempool_create() with {@code minNr} reserved elements. */
    Mempool mempool(String name, int minNr);
}
