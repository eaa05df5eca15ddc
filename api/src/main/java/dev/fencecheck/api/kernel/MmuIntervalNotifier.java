package dev.fencecheck.api.kernel;

/**
 * {@code struct mmu_interval_notifier} ({@code mm/mmu_notifier.c}): tracks one address range with
 * an invalidation sequence, so that a driver can revalidate its view of the range
 * ({@code mmu_interval_read_begin} / {@code mmu_interval_read_retry}) under its notifier lock.
 */
public interface MmuIntervalNotifier {
    long start();

    long length();

    /** mmu_interval_read_begin(): waits for a running invalidation to end, returns the sequence. */
    long readBegin();

    /** mmu_interval_read_retry(): true if an invalidation started since {@code seq}. */
    boolean readRetry(long seq);

    /** mmu_interval_set_seq(): called by the driver's invalidate() under its notifier lock. */
    void setSeq(long seq);

    /** mmu_interval_notifier_remove(). */
    void remove();

    /** What invalidates the range: munmap, migration, reclaim, the OOM reaper. */
    enum Event { UNMAP, MIGRATE, RECLAIM, OOM_REAP }

    /** The driver's callback ({@code struct mmu_interval_notifier_ops}). */
    interface Ops {
        /**
         * invalidate(): return false only when {@code blockable} is false and the driver would
         * have to sleep (-EAGAIN). When it returns true, the GPU must no longer access the old
         * pages of the range.
         */
        boolean invalidate(MmuIntervalNotifier notifier, Event event, boolean blockable, long curSeq);
    }
}
