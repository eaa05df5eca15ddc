package dev.fencecheck.api.kernel;

/**
 * {@code mempool_t} ({@code mm/mempool.c}): a bounded reserve of elements. mempool_alloc() first
 * tries the allocator without direct reclaim, then the reserve; when the reserve is empty and the
 * mask allows direct reclaim, it waits for a mempool_free().
 */
public interface Mempool {
    /** An element, or null (only for masks without direct reclaim). */
    Object alloc(Gfp gfp);

    void free(Object element);

    /** Elements left in the reserve. */
    int reserve();
}
