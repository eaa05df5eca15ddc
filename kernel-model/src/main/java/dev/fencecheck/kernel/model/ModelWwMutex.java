package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.exec.ModelThread;
import dev.fencecheck.kernel.KernelThread;
import dev.fencecheck.lockdep.Lock;
import dev.fencecheck.lockdep.ReadMode;
import dev.fencecheck.lockdep.Site;
import java.util.ArrayList;
import java.util.List;

/**
 * The ww_mutex of one dma_resv. dma-resv.c declares reservation_ww_class with DEFINE_WD_CLASS,
 * so contention is resolved by wait-die ({@code kernel/locking/ww_mutex.h}): a context that
 * already holds locks dies (-EDEADLK) when the lock it wants is held by an older context or an
 * older context waits for it; otherwise it sleeps until the lock is free. A context holding
 * nothing never dies. Lockdep hears of the attempt before the task sleeps, as in
 * {@code __mutex_lock_common()}.
 */
final class ModelWwMutex {
    private final ModelKernel kernel;
    private final Lock lock;
    private final Object object;
    private ModelThread owner;
    private ModelWwAcquireContext holder;
    private final List<ModelWwAcquireContext> waiters = new ArrayList<>();

    /** @param object the dma_resv's key: what the executor sees every operation on this lock touch */
    ModelWwMutex(ModelKernel kernel, Lock lock, Object object) {
        this.kernel = kernel;
        this.lock = lock;
        this.object = object;
    }

    String name() {
        return lock.name();
    }

    boolean heldBy(ModelThread t) {
        return owner == t;
    }

    private String describe() {
        return lock.name() + ", held by " + (owner == null ? "nobody" : owner.name())
                + (holder == null ? "" : " under " + holder);
    }

    /** mutex.c: ww_mutex_lock(lock, ctx): 0, -EDEADLK or -EALREADY. */
    int lock(ModelWwAcquireContext ctx, String function) {
        ModelThread t = ModelThread.current();
        Site s = kernel.site(function + "(" + name() + ", " + ctx.name() + ")");
        t.point(object, s.operation(), s.source());
        return lockWithContext(t, ctx, s);
    }

    /** ww_mutex.h: ww_mutex_lock_slow(): after -EDEADLK, with nothing held, sleeps until it is free. */
    void lockSlow(ModelWwAcquireContext ctx, String function) {
        ModelThread t = ModelThread.current();
        Site s = kernel.site(function + "(" + name() + ", " + ctx.name() + ")");
        t.point(object, s.operation(), s.source());
        ctx.checkSlowPath(this);
        lockWithContext(t, ctx, s);
    }

    /** mutex.c: __mutex_lock_common() with a ww context, from its scheduling point on. */
    private int lockWithContext(ModelThread t, ModelWwAcquireContext ctx, Site s) {
        KernelThread kt = kernel.kernelThread(t);
        if (holder == ctx) {
            return DmaResv.EALREADY;
        }
        kernel.lockdep().wwMutexLock(kt, lock, ctx.lockdepContext(), s);
        if (owner != null) {
            // ww_mutex.h: __ww_mutex_add_waiter(), then the wait loop's __ww_mutex_check_kill().
            waiters.add(ctx);
            while (owner != null) {
                if (mustDie(ctx)) {
                    waiters.remove(ctx);
                    kernel.lockdep().unlock(kt, lock, s);
                    ctx.killedOn(this);
                    return DmaResv.EDEADLK;
                }
                t.block(object, s.operation() + " (sleeps)", s.source(), () -> owner == null || mustDie(ctx),
                        this::describe);
            }
            waiters.remove(ctx);
        }
        ctx.acquiredLock(this);
        owner = t;
        holder = ctx;
        return 0;
    }

    /**
     * ww_mutex.h: __ww_mutex_check_kill() for wait-die: a context holding locks dies if the holder's
     * context is older, or an older context waits ahead of it (the wait list is in stamp order).
     */
    private boolean mustDie(ModelWwAcquireContext ctx) {
        if (ctx.acquired == 0) {
            return false;
        }
        if (holder != null && ctx.youngerThan(holder)) {
            return true;
        }
        for (ModelWwAcquireContext w : waiters) {
            if (w != ctx && ctx.youngerThan(w)) {
                return true;
            }
        }
        return false;
    }

    /** mutex.c: ww_mutex_lock(lock, NULL): a plain mutex lock, no deadlock avoidance. */
    void lockWithoutContext(String function) {
        ModelThread t = ModelThread.current();
        Site s = kernel.site(function + "(" + name() + ", NULL)");
        t.point(object, s.operation(), s.source());
        kernel.lockdep().lock(kernel.kernelThread(t), lock, ReadMode.WRITE, s);
        if (owner != null) {
            t.block(object, s.operation() + " (sleeps)", s.source(), () -> owner == null, this::describe);
        }
        owner = t;
        holder = null;
    }

    /** mutex.c: ww_mutex_trylock(lock, NULL). */
    boolean trylock(String function) {
        ModelThread t = ModelThread.current();
        Site s = kernel.site(function + "(" + name() + ")");
        t.point(object, s.operation(), s.source());
        if (owner != null) {
            return false;
        }
        owner = t;
        holder = null;
        kernel.lockdep().trylock(kernel.kernelThread(t), lock, ReadMode.WRITE, s);
        return true;
    }

    /** mutex.c: ww_mutex_unlock(): __ww_mutex_unlock() drops the context's count, then mutex_unlock(). */
    void unlock(String function) {
        ModelThread t = ModelThread.current();
        Site s = kernel.site(function + "(" + name() + ")");
        t.point(object, s.operation(), s.source());
        if (owner == t) {
            if (holder != null && holder.acquired > 0) {
                holder.acquired--;
            }
            holder = null;
            owner = null;
        }
        kernel.lockdep().unlock(kernel.kernelThread(t), lock, s);
    }
}
