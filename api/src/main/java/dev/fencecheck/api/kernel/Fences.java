package dev.fencecheck.api.kernel;

/** Fence contexts and the signalling annotations ({@code drivers/dma-buf/dma-fence.c}). */
public interface Fences {
    /** dma_fence_context_alloc(1): a new timeline; its fences get increasing seqnos. */
    FenceTimeline timeline(String name);

    /** dma_fence_get_stub(): an already signalled fence. */
    DmaFence stub();

    /**
     * dma_fence_begin_signalling() .. dma_fence_end_signalling(): everything inside must not
     * allocate with reclaim or take locks held around fence waits.
     */
    Held beginSignalling();

    /** A fence timeline (fence context). */
    interface FenceTimeline {
        long context();

        String name();

        /** dma_fence_init() with the next seqno. */
        DmaFence create();
    }
}
