package dev.fencecheck.api.kernel;

import java.util.List;

/**
 * {@code struct dma_resv} ({@code drivers/dma-buf/dma-resv.c}): a ww_mutex of the reservation
 * class and fence slots by usage. Locking several under one acquire context may fail with
 * -EDEADLK (the younger context backs off, unlocks everything and takes the contended lock with
 * {@link #lockSlow}).
 */
public interface DmaResv {
    /** The usages of dma_resv fences, in increasing order of inclusiveness (enum dma_resv_usage). */
    enum Usage { KERNEL, WRITE, READ, BOOKKEEP }

    int EDEADLK = -35;
    int EALREADY = -114;

    String name();

    /** dma_resv_lock(obj, ctx): 0, -EDEADLK (back off) or -EALREADY (already held by ctx). */
    int lock(WwAcquireContext ctx);

    /** dma_resv_lock(obj, NULL): a single lock without a context. */
    Held lock();

    /** dma_resv_lock_slow(): after -EDEADLK, sleeps until the lock is free; never fails. */
    void lockSlow(WwAcquireContext ctx);

    /** dma_resv_trylock(): true if taken. */
    boolean trylock();

    /** dma_resv_unlock(). */
    void unlock();

    /** dma_resv_add_fence(): needs the lock; publishes the fence. */
    void addFence(DmaFence fence, Usage usage);

    /** The fences whose usage is at most {@code usage} (dma_resv_iter with that usage). */
    List<DmaFence> fences(Usage usage);

    /** dma_resv_wait_timeout(): waits for every fence up to {@code usage}; 0 on timeout. */
    long waitTimeout(Usage usage, long timeout);

    /** dma_resv_test_signaled(). */
    boolean testSignaled(Usage usage);

    /** A ww acquire context ({@code struct ww_acquire_ctx}). */
    interface WwAcquireContext extends AutoCloseable {
        /** ww_acquire_done(): no more locks will be taken under this context. */
        void done();

        /** ww_acquire_fini(). */
        @Override
        void close();
    }
}
