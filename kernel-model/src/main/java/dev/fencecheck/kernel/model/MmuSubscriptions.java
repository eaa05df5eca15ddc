package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.MmuIntervalNotifier;
import dev.fencecheck.exec.ModelThread;
import dev.fencecheck.kernel.KernelThread;
import dev.fencecheck.lockdep.ReadMode;
import dev.fencecheck.lockdep.Site;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct mmu_notifier_subscriptions} of one mm ({@code mm/mmu_notifier.c}): the interval
 * tree of notifiers and the collision-retry sequence. {@code invalidate_seq} is even while idle
 * and odd while an invalidation that hit some notifier runs; a notifier's own sequence is
 * always odd. Every operation is a scheduling point on this object (the kernel's
 * {@code subscriptions->lock}), and read_begin()/remove() wait on it ({@code subscriptions->wq}).
 */
final class MmuSubscriptions {
    private final ModelKernel kernel;
    private final ModelKey key;
    private long invalidateSeq = 2;
    private int activeRanges;
    private final List<ModelIntervalNotifier> itree = new ArrayList<>();
    private final List<ModelIntervalNotifier> deferred = new ArrayList<>();

    MmuSubscriptions(ModelKernel kernel, String mm) {
        this.kernel = kernel;
        this.key = new ModelKey("mmu_notifier_subscriptions of " + mm);
    }

    long invalidateSeq() {
        return invalidateSeq;
    }

    private boolean invalidating() {
        return (invalidateSeq & 1) != 0;
    }

    /**
     * mmu_notifier.c: __mmu_interval_notifier_insert(): while an invalidation runs the add is
     * deferred to its end (or, if no notifier was hit yet, the sequence is made odd); the new
     * notifier's sequence is odd either way.
     */
    ModelIntervalNotifier insert(long start, long length, MmuIntervalNotifier.Ops ops, String where) {
        if (length <= 0) {
            throw new IllegalArgumentException("-EOVERFLOW: an interval notifier needs a length");
        }
        ModelIntervalNotifier n = new ModelIntervalNotifier(this, start, length, ops);
        if (ModelThread.inModel()) {
            ModelThread.current().point(key, "mmu_interval_notifier_insert()", where);
        }
        if (activeRanges > 0) {
            if (invalidating()) {
                deferred.add(n);
            } else {
                invalidateSeq |= 1;
                n.inTree = true;
                itree.add(n);
            }
            n.seq = invalidateSeq;
        } else {
            n.seq = invalidateSeq - 1;
            n.inTree = true;
            itree.add(n);
        }
        return n;
    }

    /**
     * mmu_notifier.c: mmu_interval_notifier_remove(): might_sleep(); removed now, or at the end
     * of a running invalidation, which it then waits for; might_lock() of the notifier map.
     */
    void remove(ModelIntervalNotifier n) {
        ModelThread t = ModelThread.current();
        KernelThread kt = kernel.kernelThread(t);
        Site s = kernel.site("mmu_interval_notifier_remove()");
        t.point(key, s.operation(), s.source());
        kernel.lockdep().mightSleep(kt, s);
        long seq = 0;
        if (invalidating()) {
            if (!n.inTree) {
                deferred.remove(n);
            } else if (!deferred.contains(n)) {
                deferred.add(n);
                seq = invalidateSeq;
            }
        } else if (n.inTree) {
            n.inTree = false;
            itree.remove(n);
        }
        mightLockNotifierMap(kt, s);
        if (seq != 0) {
            long waitFor = seq;
            t.block(key, s.operation() + ": wait for the invalidation to end", s.source(),
                    () -> invalidateSeq != waitFor, () -> "the running mmu notifier invalidation to end");
        }
    }

    /**
     * mmu_notifier.c: mmu_interval_read_begin(): the notifier's sequence; if it equals the mm's
     * (this notifier was already hit by the running invalidation), wait until that ends.
     */
    long readBegin(ModelIntervalNotifier n) {
        ModelThread t = ModelThread.current();
        KernelThread kt = kernel.kernelThread(t);
        Site s = kernel.site("mmu_interval_read_begin()");
        t.point(key, s.operation(), s.source());
        long seq = n.seq;
        boolean collides = seq == invalidateSeq;
        mightLockNotifierMap(kt, s);
        if (collides) {
            t.block(key, s.operation() + ": wait for the invalidation to end", s.source(),
                    () -> invalidateSeq != seq, () -> "the running mmu notifier invalidation to end");
        }
        return seq;
    }

    /** mmu_notifier.h: mmu_interval_read_retry(): the notifier's sequence moved since read_begin. */
    boolean readRetry(ModelIntervalNotifier n, long seq) {
        ModelThread t = ModelThread.current();
        Site s = kernel.site("mmu_interval_read_retry()");
        t.point(key, s.operation(), s.source());
        return n.seq != seq;
    }

    /** mmu_notifier.h: mmu_interval_set_seq(), by the driver's invalidate() under its lock. */
    void setSeq(ModelIntervalNotifier n, long seq) {
        ModelThread t = ModelThread.current();
        Site s = kernel.site("mmu_interval_set_seq(" + seq + ")");
        t.point(key, s.operation(), s.source());
        n.seq = seq;
    }

    /**
     * mmu_notifier.h: mmu_notifier_invalidate_range_start() (blockable: might_sleep()) or
     * mmu_notifier_invalidate_range_start_nonblock() (the OOM reaper), both inside the
     * notifier map; mmu_notifier.c: mn_itree_invalidate() calls every overlapping notifier with
     * the odd cur_seq. A non-blockable call that a notifier refuses is -EAGAIN (false): the
     * range is ended here and the caller must not call {@link #invalidateEnd}.
     */
    boolean invalidateStart(ModelThread t, KernelThread kt, long start, long end, MmuIntervalNotifier.Event event,
                            boolean blockable, Site where) {
        String op = (blockable ? "mmu_notifier_invalidate_range_start" : "mmu_notifier_invalidate_range_start_nonblock")
                + "(" + event + ", [0x" + Long.toHexString(start) + ", 0x" + Long.toHexString(end) + "))";
        Site s = Site.of(where.source(), op);
        t.point(key, op, where.source());
        kernel.lockdep().enterInvalidate(kt, s);
        // mn_itree_inv_start_range()
        activeRanges++;
        List<ModelIntervalNotifier> hit = new ArrayList<>();
        for (ModelIntervalNotifier n : itree) {
            if (n.overlaps(start, end)) {
                hit.add(n);
            }
        }
        if (!hit.isEmpty()) {
            invalidateSeq |= 1;
        }
        long curSeq = invalidateSeq;
        for (ModelIntervalNotifier n : hit) {
            boolean ok = n.ops().invalidate(n, event, blockable, curSeq);
            if (!ok && !blockable) {
                // out_would_block: mn_itree_inv_end(), -EAGAIN
                t.point(key, op + ": -EAGAIN", where.source());
                invEnd();
                kernel.lockdep().exitInvalidate(kt, s);
                return false;
            }
            // A blockable invalidate() returning false is a WARN_ON in the kernel; it goes on.
        }
        kernel.lockdep().exitInvalidate(kt, s);
        return true;
    }

    /**
     * mmu_notifier.h: mmu_notifier_invalidate_range_end() -> mn_itree_inv_end(): the last
     * ending range makes the sequence even, applies deferred adds and removes and wakes the
     * waiters. (Its might-lock of the notifier map adds no dependency the start did not.)
     */
    void invalidateEnd(ModelThread t, Site where) {
        t.point(key, "mmu_notifier_invalidate_range_end()", where.source());
        invEnd();
    }

    private void invEnd() {
        if (--activeRanges > 0 || !invalidating()) {
            return;
        }
        invalidateSeq++;
        for (ModelIntervalNotifier n : deferred) {
            if (n.inTree) {
                n.inTree = false;
                itree.remove(n);
            } else {
                n.inTree = true;
                itree.add(n);
            }
        }
        deferred.clear();
    }

    // lock_map_acquire(); lock_map_release() of __mmu_notifier_invalidate_range_start_map
    private void mightLockNotifierMap(KernelThread kt, Site s) {
        kernel.lockdep().lock(kt, kernel.lockdep().mmuNotifier(), ReadMode.WRITE, s);
        kernel.lockdep().unlock(kt, kernel.lockdep().mmuNotifier(), s);
    }

    @Override
    public String toString() {
        return "mmu_notifier_subscriptions";
    }
}
