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
     * dma-resv.c: dma_resv_add_fence(): the first slot holding a fence of the same context with a
     * usage at least as wide, or a signalled fence, is reused; otherwise the fence is appended.
     */
    void add(DmaFence fence, DmaResv.Usage usage) {
        seq++;
        for (int i = 0; i < slots.size(); i++) {
            Slot old = slots.get(i);
            if ((old.fence().context() == fence.context() && old.usage().compareTo(usage) >= 0)
                    || signalledFlag(old.fence())) {
                slots.set(i, new Slot(fence, usage));
                return;
            }
        }
        slots.add(new Slot(fence, usage));
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

    /**
     * The signalled bit, read in the writer's step (a model fence), as dma_fence_is_signaled()
     * does without ops->signaled; other fences answer through their own operation.
     */
    private static boolean signalledFlag(DmaFence f) {
        return f instanceof ModelDmaFence m ? m.signalledFlag() : f.isSignaled();
    }
}
