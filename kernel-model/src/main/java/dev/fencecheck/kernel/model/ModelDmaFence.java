package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.exec.ModelThread;
import dev.fencecheck.kernel.KernelLockdep;
import dev.fencecheck.kernel.KernelThread;
import dev.fencecheck.lockdep.Lock;
import dev.fencecheck.lockdep.Site;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@code struct dma_fence} of a model ({@code drivers/dma-buf/dma-fence.c},
 * {@code include/linux/dma-fence.h}). Every operation is a scheduling point on the fence; the
 * ones the kernel does under the fence's spinlock wait for it first. The signalled bit lives in
 * the validator's {@link dev.fencecheck.kernel.DmaFence}, which also reports a second signal.
 *
 * <p>Not modelled: dma_fence_ops (enable_signaling, signaled, wait, release), timestamps,
 * reference counting and deadlines; the fences behave as the selftest's mock fences do.
 */
final class ModelDmaFence implements DmaFence {
    /** include/linux/err.h: MAX_ERRNO. */
    private static final int MAX_ERRNO = 4095;

    private final ModelKernel kernel;
    private final long context;
    private final long seqno;
    private final dev.fencecheck.kernel.DmaFence state;
    private final ModelObjectKey key;
    private final FenceLock lock;
    private final List<Consumer<DmaFence>> callbacks = new ArrayList<>();
    private int error;

    ModelDmaFence(ModelKernel kernel, String name, String timeline, long context, long seqno, Lock spinlock) {
        this.kernel = kernel;
        this.context = context;
        this.seqno = seqno;
        this.state = new dev.fencecheck.kernel.DmaFence(name, timeline);
        this.key = new ModelObjectKey("fence", context, seqno);
        this.lock = new FenceLock(kernel, spinlock, key);
    }

    @Override
    public long context() {
        return context;
    }

    @Override
    public long seqno() {
        return seqno;
    }

    @Override
    public String name() {
        return state.name();
    }

    /** The validator's view of this fence (published, signalled). */
    dev.fencecheck.kernel.DmaFence validatorFence() {
        return state;
    }

    /** The scheduling point of an operation done under the fence lock: waits until it is free. */
    private Site lockedPoint(ModelThread t, KernelThread kt, String function) {
        Site s = kernel.site(function + "(" + name() + ")");
        t.block(key, s.operation(), s.source(), () -> lock.availableTo(kt), lock::describe);
        return s;
    }

    @Override
    public boolean signal() {
        return signalWith(null);
    }

    @Override
    public boolean signal(int error) {
        checkErrorCode(error);
        return signalWith(error);
    }

    private boolean signalWith(Integer newError) {
        ModelThread t = ModelThread.current();
        KernelThread kt = kernel.kernelThread(t);
        Site s = lockedPoint(t, kt, "dma_fence_signal");
        // dma-fence.h: dma_fence_set_error() first; on a signalled fence the double signal is the report.
        if (newError != null && !state.isSignalled()) {
            error = newError;
        }
        return signalAs(kt, s);
    }

    /**
     * dma-fence.c: dma_fence_signal(): a signalling section around the fence lock, in which
     * dma_fence_signal_timestamp_locked() sets the signalled bit once and runs the stashed
     * callbacks. False, and a double-signal finding, when already signalled (the kernel ignores it).
     */
    boolean signalAs(KernelThread kt, Site s) {
        KernelLockdep lockdep = kernel.lockdep();
        lockdep.beginSignalling(kt, s);
        boolean irqsWereOn = lock.acquire(kt, s);
        boolean first = !state.isSignalled();
        lockdep.signal(kt, state, s);
        if (first) {
            List<Consumer<DmaFence>> stashed = new ArrayList<>(callbacks);
            callbacks.clear();
            for (Consumer<DmaFence> cb : stashed) {
                cb.accept(this);
            }
        }
        lock.release(kt, irqsWereOn, s);
        lockdep.endSignalling(kt, s);
        return first;
    }

    /** dma-fence.h: dma_fence_set_error(): lockless; WARNs once signalled or for a non-errno. */
    @Override
    public void setError(int newError) {
        ModelThread t = ModelThread.current();
        Site s = kernel.site("dma_fence_set_error(" + name() + ", " + newError + ")");
        t.point(key, s.operation(), s.source());
        if (state.isSignalled()) {
            throw new IllegalStateException("dma_fence_set_error() on signalled fence " + name()
                    + " (WARN_ON in dma_fence_set_error)");
        }
        checkErrorCode(newError);
        error = newError;
    }

    private static void checkErrorCode(int e) {
        if (e >= 0 || e < -MAX_ERRNO) {
            throw new IllegalArgumentException("fence error " + e + " is not a negative errno"
                    + " (WARN_ON in dma_fence_set_error)");
        }
    }

    /** dma-fence.h: dma_fence_is_signaled(): the signalled bit (the model's fences have no ops->signaled). */
    @Override
    public boolean isSignaled() {
        ModelThread t = ModelThread.current();
        Site s = kernel.site("dma_fence_is_signaled(" + name() + ")");
        t.point(key, s.operation(), s.source());
        return state.isSignalled();
    }

    /** dma-fence.c: dma_fence_get_status(), with dma_fence_get_status_locked() under the fence lock. */
    @Override
    public int status() {
        ModelThread t = ModelThread.current();
        KernelThread kt = kernel.kernelThread(t);
        Site s = lockedPoint(t, kt, "dma_fence_get_status");
        boolean irqsWereOn = lock.acquire(kt, s);
        int status = state.isSignalled() ? (error != 0 ? error : 1) : 0;
        lock.release(kt, irqsWereOn, s);
        return status;
    }

    /**
     * dma-fence.c: dma_fence_add_callback(): a lockless test of the signalled bit (-ENOENT), then
     * under the lock __dma_fence_enable_signaling() and the callback goes to the tail of cb_list.
     */
    @Override
    public boolean addCallback(Consumer<DmaFence> callback) {
        Objects.requireNonNull(callback, "callback");
        ModelThread t = ModelThread.current();
        KernelThread kt = kernel.kernelThread(t);
        Site s = kernel.site("dma_fence_add_callback(" + name() + ")");
        t.block(key, s.operation(), s.source(), () -> state.isSignalled() || lock.availableTo(kt), lock::describe);
        if (state.isSignalled()) {
            return false;
        }
        boolean irqsWereOn = lock.acquire(kt, s);
        boolean added = enableSignalingLocked();
        if (added) {
            callbacks.add(callback);
        }
        lock.release(kt, irqsWereOn, s);
        return added;
    }

    /** dma-fence.c: dma_fence_remove_callback(): true only if the callback was still queued. */
    @Override
    public boolean removeCallback(Consumer<DmaFence> callback) {
        ModelThread t = ModelThread.current();
        KernelThread kt = kernel.kernelThread(t);
        Site s = lockedPoint(t, kt, "dma_fence_remove_callback");
        boolean irqsWereOn = lock.acquire(kt, s);
        boolean removed = callbacks.remove(callback);
        lock.release(kt, irqsWereOn, s);
        return removed;
    }

    /** dma-fence.c: dma_fence_enable_sw_signaling(). */
    @Override
    public void enableSignaling() {
        ModelThread t = ModelThread.current();
        KernelThread kt = kernel.kernelThread(t);
        Site s = lockedPoint(t, kt, "dma_fence_enable_sw_signaling");
        boolean irqsWereOn = lock.acquire(kt, s);
        enableSignalingLocked();
        lock.release(kt, irqsWereOn, s);
    }

    /**
     * dma-fence.c: __dma_fence_enable_signaling(): false once signalled. The enable bit itself
     * only decides whether ops->enable_signaling runs, and the model's fences have no ops.
     */
    private boolean enableSignalingLocked() {
        return !state.isSignalled();
    }

    /**
     * dma-fence.c: dma_fence_wait_timeout(): might_sleep(), __dma_fence_might_wait(),
     * dma_fence_enable_sw_signaling(), then dma_fence_default_wait(). Long.MAX_VALUE
     * (MAX_SCHEDULE_TIMEOUT) sleeps until the fence is signalled; a finite timeout may always
     * expire, so the sleep ends whenever the thread is scheduled again: 0 if the fence is still
     * unsignalled then, else the timeout (the model has no clock). A zero timeout only tests.
     */
    @Override
    public long waitTimeout(long timeout) {
        if (timeout < 0) {
            throw new IllegalArgumentException("negative fence wait timeout (WARN_ON in dma_fence_wait_timeout)");
        }
        ModelThread t = ModelThread.current();
        KernelThread kt = kernel.kernelThread(t);
        Site s = lockedPoint(t, kt, "dma_fence_wait_timeout");
        kernel.lockdep().wait(kt, state, s);
        boolean irqsWereOn = lock.acquire(kt, s);
        enableSignalingLocked();
        lock.release(kt, irqsWereOn, s);
        // dma-fence.c: dma_fence_default_wait()
        irqsWereOn = lock.acquire(kt, s);
        boolean signalled = state.isSignalled();
        lock.release(kt, irqsWereOn, s);
        if (signalled) {
            return timeout == 0 ? 1 : timeout;
        }
        if (timeout == 0) {
            return 0;
        }
        if (timeout == Long.MAX_VALUE) {
            t.block(key, s.operation() + " (sleeps)", s.source(), () -> state.isSignalled() && lock.free(),
                    () -> "fence " + name() + " to be signalled");
        } else {
            t.block(key, s.operation() + " (sleeps, may time out)", s.source(), lock::free, lock::describe);
        }
        irqsWereOn = lock.acquire(kt, s);
        signalled = state.isSignalled();
        lock.release(kt, irqsWereOn, s);
        return signalled ? timeout : 0;
    }

    /** Publishing makes the fence visible to other threads (dma_resv_add_fence, sync_file, syncobj). */
    @Override
    public void publish() {
        ModelThread t = ModelThread.current();
        Site s = kernel.site("publish(" + name() + ")");
        t.point(key, s.operation(), s.source());
        kernel.lockdep().publish(kernel.kernelThread(t), state, s);
    }

    @Override
    public String toString() {
        return name();
    }
}
