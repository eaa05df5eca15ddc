package dev.fencecheck.kernel.model;

import dev.fencecheck.exec.ModelThread;
import dev.fencecheck.kernel.KernelLockdep;
import dev.fencecheck.kernel.KernelThread;
import dev.fencecheck.lockdep.Lock;
import dev.fencecheck.lockdep.ReadMode;
import dev.fencecheck.lockdep.Site;

/**
 * The irq-safe spinlock of one fence ({@code dma_fence.lock}, or the inline lock
 * {@code dma_fence_spinlock()} returns), always taken with {@code spin_lock_irqsave()}: an owner
 * for the executor and a spinning lock for lockdep. The fence's own operations first wait, as
 * scheduling points on the fence, until {@link #availableTo} holds; taking it is then immediate.
 */
final class FenceLock {
    private final ModelKernel kernel;
    private final Lock lock;
    private final Object guarded;
    private KernelThread owner;

    FenceLock(ModelKernel kernel, Lock lock, Object guarded) {
        this.kernel = kernel;
        this.lock = lock;
        this.guarded = guarded;
    }

    boolean free() {
        return owner == null;
    }

    /** Free, or held by {@code t} itself (which then spins on it forever, as the kernel would). */
    boolean availableTo(KernelThread t) {
        return owner == null || owner == t;
    }

    String describe() {
        return lock.name() + ", held by " + (owner == null ? "nobody" : owner.name());
    }

    /**
     * spinlock.h: spin_lock_irqsave(): interrupts off, then spin_acquire() (lockdep sees a
     * recursion before the task spins). Returns whether interrupts were on, for {@link #release}.
     */
    boolean acquire(KernelThread t, Site site) {
        KernelLockdep lockdep = kernel.lockdep();
        boolean irqsWereOn = t.lockThread().hardirqsEnabled();
        lockdep.irqDisable(t);
        lockdep.lock(t, lock, ReadMode.WRITE, site);
        if (owner == t) {
            ModelThread.current().block(guarded, site.operation() + " (spins on a lock it holds)", site.source(),
                    () -> false, this::describe);
        }
        owner = t;
        return irqsWereOn;
    }

    /** spinlock.h: spin_unlock_irqrestore(). */
    void release(KernelThread t, boolean irqsWereOn, Site site) {
        owner = null;
        kernel.lockdep().unlock(t, lock, site);
        if (irqsWereOn) {
            kernel.lockdep().irqEnable(t, site);
        }
    }
}
