package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.exec.ModelThread;
import dev.fencecheck.kernel.WwAcquireContext;
import dev.fencecheck.lockdep.Site;

/**
 * A {@code struct ww_acquire_ctx} of reservation_ww_class ({@code include/linux/ww_mutex.h}):
 * its stamp (ww_acquire_init() order: a smaller stamp is older), how many ww mutexes it holds,
 * and the DEBUG_WW_MUTEXES state that checks the back-off protocol (a WARN there is an
 * {@link IllegalStateException} here).
 */
final class ModelWwAcquireContext implements DmaResv.WwAcquireContext {
    private final ModelKernel kernel;
    private final ModelThread task;
    private final long stamp;
    private final WwAcquireContext lockdepContext;
    int acquired;
    private boolean doneAcquire;
    private ModelWwMutex contending;

    ModelWwAcquireContext(ModelKernel kernel, ModelThread task, long stamp, WwAcquireContext lockdepContext) {
        this.kernel = kernel;
        this.task = task;
        this.stamp = stamp;
        this.lockdepContext = lockdepContext;
    }

    long stamp() {
        return stamp;
    }

    WwAcquireContext lockdepContext() {
        return lockdepContext;
    }

    /** ww_mutex.h: __ww_ctx_less(): true when this context is younger than {@code other}. */
    boolean youngerThan(ModelWwAcquireContext other) {
        return stamp > other.stamp;
    }

    /** ww_mutex.h: __ww_mutex_kill(): this context must back off from {@code lock}. */
    void killedOn(ModelWwMutex lock) {
        if (contending != null) {
            throw new IllegalStateException(name() + " got -EDEADLK again without backing off from "
                    + contending.name() + " (DEBUG_LOCKS_WARN_ON in __ww_mutex_kill)");
        }
        contending = lock;
    }

    /** ww_mutex.h: ww_mutex_lock_acquired(): the debug checks of the back-off protocol, then acquired++. */
    void acquiredLock(ModelWwMutex lock) {
        if (doneAcquire) {
            throw new IllegalStateException(name() + " locks " + lock.name() + " after ww_acquire_done()");
        }
        if (contending != null) {
            if (contending != lock) {
                throw new IllegalStateException(name() + " locks " + lock.name() + " after -EDEADLK on "
                        + contending.name() + " instead of the contended lock");
            }
            if (acquired > 0) {
                throw new IllegalStateException(name() + " takes contended " + lock.name()
                        + " after -EDEADLK without unlocking the " + acquired + " lock(s) it holds");
            }
            contending = null;
        }
        acquired++;
    }

    /** ww_mutex.h: ww_mutex_lock_slow(): only after -EDEADLK, on that lock, with nothing held. */
    void checkSlowPath(ModelWwMutex lock) {
        if (contending == null) {
            throw new IllegalStateException("ww_mutex_lock_slow(" + lock.name() + ") without a preceding -EDEADLK");
        }
        if (contending != lock) {
            throw new IllegalStateException("ww_mutex_lock_slow(" + lock.name() + ") but the contended lock is "
                    + contending.name());
        }
        if (acquired > 0) {
            throw new IllegalStateException("ww_mutex_lock_slow(" + lock.name() + ") without unlocking the "
                    + acquired + " lock(s) " + name() + " holds");
        }
    }

    /** ww_mutex.h: ww_acquire_done(). */
    @Override
    public void done() {
        Site s = kernel.site("ww_acquire_done(" + name() + ")");
        ModelThread.current().point(null, s.operation(), s.source());
        if (doneAcquire) {
            throw new IllegalStateException("ww_acquire_done() twice on " + name());
        }
        doneAcquire = true;
    }

    /** ww_mutex.h: ww_acquire_fini(): lockdep releases the context; every ww mutex must be unlocked. */
    @Override
    public void close() {
        ModelThread t = ModelThread.current();
        Site s = kernel.site("ww_acquire_fini(" + name() + ")");
        t.point(null, s.operation(), s.source());
        kernel.lockdep().wwAcquireFini(kernel.kernelThread(t), lockdepContext, s);
        if (acquired != 0) {
            throw new IllegalStateException("ww_acquire_fini(" + name() + ") with " + acquired
                    + " ww mutex(es) still locked (DEBUG_LOCKS_WARN_ON)");
        }
    }

    String name() {
        return lockdepContext.name();
    }

    @Override
    public String toString() {
        return name() + " (stamp " + stamp + ", " + task.name() + ")";
    }
}
