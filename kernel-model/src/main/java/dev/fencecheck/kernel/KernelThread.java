package dev.fencecheck.kernel;

import dev.fencecheck.lockdep.LockThread;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A modelled kernel thread: lockdep's view of it plus the task flags the annotations read
 * ({@code PF_MEMALLOC*}), the cookies of its open fence signalling sections, and whether it is
 * running reclaim (a shrinker or notifier body).
 */
public final class KernelThread {
    private final LockThread lockThread;
    private final int[] scopeDepth = new int[MemallocScope.values().length];
    final Deque<Boolean> signallingCookies = new ArrayDeque<>();
    int reclaimDepth;

    KernelThread(LockThread lockThread) {
        this.lockThread = lockThread;
    }

    public LockThread lockThread() {
        return lockThread;
    }

    public String name() {
        return lockThread.name();
    }

    /** Whether the thread is running a shrinker or mmu notifier body. */
    public boolean inReclaim() {
        return reclaimDepth > 0;
    }

    void save(MemallocScope scope) {
        scopeDepth[scope.ordinal()]++;
    }

    void restore(MemallocScope scope) {
        if (scopeDepth[scope.ordinal()] > 0) {
            scopeDepth[scope.ordinal()]--;
        }
    }

    boolean in(MemallocScope scope) {
        return scopeDepth[scope.ordinal()] > 0;
    }

    /**
     * current_gfp_context(): the task's scope applied to a mask ({@code include/linux/sched/mm.h}).
     */
    int gfpContext(int flags) {
        if (in(MemallocScope.NOIO)) {
            flags &= ~(dev.fencecheck.api.kernel.Gfp.IO | dev.fencecheck.api.kernel.Gfp.FS);
        } else if (in(MemallocScope.NOFS)) {
            flags &= ~dev.fencecheck.api.kernel.Gfp.FS;
        }
        return flags;
    }

    @Override
    public String toString() {
        return name();
    }
}
