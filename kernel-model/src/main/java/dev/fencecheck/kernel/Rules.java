package dev.fencecheck.kernel;

import java.util.List;

/** The ids of the cross-driver rules of {@code docs/rules.md}. */
public final class Rules {
    public static final String FENCE_ALLOC = "FENCE-ALLOC";
    public static final String FENCE_LOCK = "FENCE-LOCK";
    public static final String FENCE_WAIT_NEST = "FENCE-WAIT-NEST";
    public static final String FENCE_ATOMIC = "FENCE-ATOMIC";
    public static final String FENCE_SIGNAL_ONCE = "FENCE-SIGNAL-ONCE";
    public static final String FENCE_FINITE = "FENCE-FINITE";
    public static final String FENCE_NO_UPWARD_DEP = "FENCE-NO-UPWARD-DEP";
    public static final String RECLAIM_ALLOC = "RECLAIM-ALLOC";
    public static final String RECLAIM_TRYLOCK = "RECLAIM-TRYLOCK";
    public static final String NOTIFIER_FENCE_GPU_ONLY = "NOTIFIER-FENCE-GPU-ONLY";
    public static final String USERPTR_COHERENT = "USERPTR-COHERENT";
    public static final String USERPTR_SEQ = "USERPTR-SEQ";
    public static final String PREEMPT_FENCE = "PREEMPT-FENCE";
    public static final String FAULT_NO_FENCE = "FAULT-NO-FENCE";
    public static final String FAULT_PROGRESS = "FAULT-PROGRESS";

    /** Every rule id, in the order of {@code docs/rules.md}. */
    public static final List<String> ALL = List.of(FENCE_ALLOC, FENCE_LOCK, FENCE_WAIT_NEST, FENCE_ATOMIC,
            FENCE_SIGNAL_ONCE, FENCE_FINITE, FENCE_NO_UPWARD_DEP, RECLAIM_ALLOC, RECLAIM_TRYLOCK,
            NOTIFIER_FENCE_GPU_ONLY, USERPTR_COHERENT, USERPTR_SEQ, PREEMPT_FENCE, FAULT_NO_FENCE,
            FAULT_PROGRESS);

    private Rules() {
    }

    public static boolean isRule(String id) {
        return ALL.contains(id);
    }
}
