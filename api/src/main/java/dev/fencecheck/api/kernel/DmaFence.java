package dev.fencecheck.api.kernel;

import java.util.function.Consumer;

/**
 * {@code struct dma_fence} ({@code drivers/dma-buf/dma-fence.c}): a one-shot completion that other
 * threads, and other drivers, may wait on. It is signalled exactly once, with an error that is
 * visible only once it is signalled.
 */
public interface DmaFence {
    /** The fence context (timeline) it belongs to. */
    long context();

    /** Its sequence number on that timeline. */
    long seqno();

    String name();

    /** dma_fence_signal(): false (-EINVAL) when already signalled. */
    boolean signal();

    /** dma_fence_set_error() then dma_fence_signal(). */
    boolean signal(int error);

    /** dma_fence_set_error(): only before signalling; visible once signalled. */
    void setError(int error);

    /** dma_fence_is_signaled(). */
    boolean isSignaled();

    /** dma_fence_get_status(): 0 while pending, 1 when signalled without error, else the error. */
    int status();

    /** dma_fence_add_callback(): false (-ENOENT) if already signalled; the callback is then not called. */
    boolean addCallback(Consumer<DmaFence> callback);

    /** dma_fence_remove_callback(): false when the callback already ran or was never added. */
    boolean removeCallback(Consumer<DmaFence> callback);

    /** dma_fence_enable_sw_signaling(). */
    void enableSignaling();

    /**
     * dma_fence_wait_timeout(): blocks until signalled or until {@code timeout} model ticks pass;
     * returns the remaining ticks (at least 1) when signalled, 0 on timeout. Waiting is a sleep
     * and the wait side of the fence signalling annotation.
     */
    long waitTimeout(long timeout);

    /** dma_fence_wait() without timeout. */
    default void await() {
        waitTimeout(Long.MAX_VALUE);
    }

    /** Makes the fence visible to other threads (dma_resv_add_fence, sync_file, syncobj). */
    void publish();
}
