package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.MmuIntervalNotifier;

/**
 * {@code struct mmu_interval_notifier} ({@code mm/mmu_notifier.c}): a range of one mm, the
 * driver's ops, and the notifier's invalidate_seq, which is always odd. The sequence protocol
 * itself lives in the mm's {@link MmuSubscriptions}.
 */
public final class ModelIntervalNotifier implements MmuIntervalNotifier {
    private final MmuSubscriptions subscriptions;
    private final long start;
    private final long length;
    private final Ops ops;
    long seq;
    boolean inTree;

    ModelIntervalNotifier(MmuSubscriptions subscriptions, long start, long length, Ops ops) {
        this.subscriptions = subscriptions;
        this.start = start;
        this.length = length;
        this.ops = ops;
    }

    @Override
    public long start() {
        return start;
    }

    @Override
    public long length() {
        return length;
    }

    Ops ops() {
        return ops;
    }

    /** interval_sub->invalidate_seq, for tests and reports. */
    public long sequence() {
        return seq;
    }

    // mmu_notifier.c: the interval tree's overlap test, with [start, start + length - 1]
    boolean overlaps(long from, long to) {
        return start < to && from < start + length;
    }

    @Override
    public long readBegin() {
        return subscriptions.readBegin(this);
    }

    @Override
    public boolean readRetry(long seq) {
        return subscriptions.readRetry(this, seq);
    }

    @Override
    public void setSeq(long seq) {
        subscriptions.setSeq(this, seq);
    }

    @Override
    public void remove() {
        subscriptions.remove(this);
    }

    @Override
    public String toString() {
        return "mmu_interval_notifier [0x" + Long.toHexString(start) + ", 0x" + Long.toHexString(start + length) + ")";
    }
}
