package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.DmaResv;
import java.util.ArrayList;
import java.util.List;

/**
 * The fence list of a dma_resv ({@code struct dma_resv_list}): each fence with its usage, and
 * the sequence count that unlocked readers restart on. Changes happen under the resv lock, in
 * one step of the executor, so readers never see half of one.
 */
final class ResvFences {
    private record Slot(DmaFence fence, DmaResv.Usage usage) {
    }

    private final List<Slot> slots = new ArrayList<>();
    private long seq;

    /**
     * Where dma-resv.c: dma_resv_add_fence() puts {@code fence}: the first slot holding a fence
     * of the same context with a usage at least as wide, or a signalled fence; -1 to append.
     * The signalled test is dma_fence_is_signaled() on the old fence, a scheduling point on it:
     * read in a step on the resv, the explorer would take it for independent of the fence's
     * signalling and never run the signal first. The lock holder keeps the slots as they are
     * until it {@link #store}s.
     */
    Placement place(DmaFence fence, DmaResv.Usage usage) {
        boolean tested = false;
        for (int i = 0; i < slots.size(); i++) {
            Slot old = slots.get(i);
            if (old.fence().context() == fence.context() && old.usage().compareTo(usage) >= 0) {
                return new Placement(i, tested);
            }
            tested = true;
            if (old.fence().isSignaled()) {
                return new Placement(i, true);
            }
        }
        return new Placement(-1, tested);
    }

    /** @param tested whether a signalled bit was tested (a step on another fence was taken) */
    record Placement(int slot, boolean tested) {
    }

    /** Stores {@code fence} where {@link #place} said, under the resv lock: readers see it now. */
    void store(Placement p, DmaFence fence, DmaResv.Usage usage) {
        seq++;
        if (p.slot() < 0) {
            slots.add(new Slot(fence, usage));
        } else {
            slots.set(p.slot(), new Slot(fence, usage));
        }
    }

    /** dma-resv.c: dma_resv_iter_next(): every fence whose usage is at most {@code usage}. */
    List<DmaFence> upTo(DmaResv.Usage usage) {
        List<DmaFence> out = new ArrayList<>();
        for (Slot s : slots) {
            if (s.usage().compareTo(usage) <= 0) {
                out.add(s.fence());
            }
        }
        return out;
    }

    /** The seqcount: it changes with every write. */
    long seq() {
        return seq;
    }
}
