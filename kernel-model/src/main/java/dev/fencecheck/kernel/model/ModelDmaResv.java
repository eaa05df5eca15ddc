package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.exec.ModelThread;
import dev.fencecheck.lockdep.Lock;
import dev.fencecheck.lockdep.Site;
import java.util.List;
import java.util.function.Predicate;

/**
 * A {@code struct dma_resv} ({@code drivers/dma-buf/dma-resv.c}): its ww_mutex and its fences by
 * usage. Every operation is a scheduling point on the resv.
 *
 * <p>Not modelled: dma_resv_reserve_fences() (slots are unbounded), dma_resv_replace_fences(),
 * dma_resv_copy_fences(), dma_resv_get_singleton() and interruptible waits.
 */
final class ModelDmaResv implements DmaResv {
    private final ModelKernel kernel;
    private final String name;
    private final ModelObjectKey key;
    private final ModelWwMutex mutex;
    private final ResvFences fences = new ResvFences();

    /** @param serial the resv's creation order in its execution */
    ModelDmaResv(ModelKernel kernel, String name, long serial, Lock lock) {
        this.kernel = kernel;
        this.name = name;
        this.key = new ModelObjectKey("dma_resv", serial, -1);
        this.mutex = new ModelWwMutex(kernel, lock, key);
    }

    @Override
    public String name() {
        return name;
    }

    /** dma-resv.h: dma_resv_lock(obj, ctx). */
    @Override
    public int lock(WwAcquireContext ctx) {
        return mutex.lock(context(ctx), "dma_resv_lock");
    }

    /** dma-resv.h: dma_resv_lock(obj, NULL). */
    @Override
    public Held lock() {
        mutex.lockWithoutContext("dma_resv_lock");
        return this::unlock;
    }

    /** dma-resv.h: dma_resv_lock_slow(). */
    @Override
    public void lockSlow(WwAcquireContext ctx) {
        mutex.lockSlow(context(ctx), "dma_resv_lock_slow");
    }

    /** dma-resv.h: dma_resv_trylock(). */
    @Override
    public boolean trylock() {
        return mutex.trylock("dma_resv_trylock");
    }

    /** dma-resv.h: dma_resv_unlock(). */
    @Override
    public void unlock() {
        mutex.unlock("dma_resv_unlock");
    }

    private static ModelWwAcquireContext context(WwAcquireContext ctx) {
        if (ctx instanceof ModelWwAcquireContext c) {
            return c;
        }
        throw new IllegalArgumentException("not an acquire context of this model: " + ctx);
    }

    /**
     * dma-resv.c: dma_resv_add_fence(): dma_resv_assert_held() (a WARN, here an
     * IllegalStateException), then the fence goes into a slot and is visible to readers: published.
     */
    @Override
    public void addFence(DmaFence fence, Usage usage) {
        ModelThread t = ModelThread.current();
        Site s = kernel.site("dma_resv_add_fence(" + name + ", " + fence.name() + ", " + usage + ")");
        t.point(key, s.operation(), s.source());
        if (!mutex.heldBy(t)) {
            throw new IllegalStateException(s.operation() + " without holding the resv lock (dma_resv_assert_held)");
        }
        ResvFences.Placement slot = fences.place(fence, usage);
        if (slot.tested()) {
            // The slots change in a step on the resv, which unlocked readers name.
            t.point(key, s.operation() + " (store)", s.source());
        }
        fences.store(slot, fence, usage);
        if (fence instanceof ModelDmaFence m) {
            kernel.lockdep().publish(kernel.kernelThread(t), m.validatorFence(), s);
        } else {
            fence.publish();
        }
    }

    /** dma-resv.c: dma_resv_iter_first()/next(): the fences of usage at most {@code usage}, signalled or not. */
    @Override
    public List<DmaFence> fences(Usage usage) {
        Site s = kernel.site("dma_resv_for_each_fence(" + name + ", " + usage + ")");
        ModelThread.current().point(key, s.operation(), s.source());
        return fences.upTo(usage);
    }

    /** dma-resv.c: dma_resv_wait_timeout(): each unsignalled fence is waited for with what is left. */
    @Override
    public long waitTimeout(Usage usage, long timeout) {
        if (timeout < 0) {
            throw new IllegalArgumentException("negative timeout");
        }
        long[] ret = {timeout == 0 ? 1 : timeout};
        forEachUnsignalled(usage, "dma_resv_wait_timeout", f -> {
            ret[0] = f.waitTimeout(ret[0]);
            return ret[0] > 0;
        });
        return ret[0];
    }

    /** dma-resv.c: dma_resv_test_signaled(): false at the first unsignalled fence. */
    @Override
    public boolean testSignaled(Usage usage) {
        return forEachUnsignalled(usage, "dma_resv_test_signaled", f -> false);
    }

    /**
     * dma-resv.c: dma_resv_iter_first_unlocked() / dma_resv_iter_next_unlocked(): the unsignalled
     * fences of usage at most {@code usage}, read without the lock; the walk starts again when the
     * list changed meanwhile (read_seqcount_retry). False as soon as {@code visitor} says stop.
     */
    private boolean forEachUnsignalled(Usage usage, String function, Predicate<DmaFence> visitor) {
        ModelThread t = ModelThread.current();
        Site s = kernel.site(function + "(" + name + ", " + usage + ")");
        restart:
        while (true) {
            t.point(key, s.operation(), s.source());
            long seq = fences.seq();
            List<DmaFence> walk = fences.upTo(usage);
            for (DmaFence f : walk) {
                if (f.isSignaled()) {
                    continue;
                }
                if (!visitor.test(f)) {
                    return false;
                }
                t.point(key, s.operation() + " (next)", s.source());
                if (fences.seq() != seq) {
                    continue restart;
                }
            }
            if (!walk.isEmpty()) {
                t.point(key, s.operation() + " (end)", s.source());
                if (fences.seq() != seq) {
                    continue;
                }
            }
            return true;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
