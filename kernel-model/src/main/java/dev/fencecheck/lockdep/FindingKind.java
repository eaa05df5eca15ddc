package dev.fencecheck.lockdep;

/** The kinds of finding, with the words lockdep (or the model) uses for each. */
public enum FindingKind {
    CIRCULAR_DEPENDENCY("circular-dependency", "WARNING: possible circular locking dependency detected"),
    RECURSIVE_LOCKING("recursive-locking", "WARNING: possible recursive locking detected"),
    BAD_UNLOCK("bad-unlock", "WARNING: bad unlock balance detected!"),
    SLEEP_IN_ATOMIC("sleep-in-atomic", "BUG: sleeping function called from invalid context"),
    LOCK_HELD_AT_EXIT("lock-held-at-exit", "WARNING: lock held when returning to user space!"),
    WW_CONTEXT_MISUSE("ww-context-misuse", "WARNING: Nested lock was not taken"),
    IRQ_UNSAFE("irq-unsafe", "WARNING: inconsistent lock state"),
    DOUBLE_SIGNAL("double-signal", "WARNING: dma_fence signalled twice"),
    GPU_ACCESS_AFTER_INVALIDATE("gpu-access-after-invalidate", "BUG: GPU access to pages after their mmu notifier invalidation returned"),
    GUP_IN_SIGNALLING("gup-in-signalling", "BUG: user page-table walk inside a dma_fence signalling section"),
    FENCED_FAULTING_WORK("fenced-faulting-work", "BUG: work that relies on recoverable page faults signals a dma_fence"),
    FENCE_NEVER_SIGNALLED("fence-never-signalled", "WARNING: a published dma_fence is never signalled"),
    DEADLOCK("deadlock", "DEADLOCK: every unfinished thread is blocked");

    private final String id;
    private final String headline;

    FindingKind(String id, String headline) {
        this.id = id;
        this.headline = headline;
    }

    /** The name used in {@code expect} lines, reports and JSON. */
    public String id() {
        return id;
    }

    /** lockdep's first line for this kind of report. */
    public String headline() {
        return headline;
    }

    public static FindingKind byId(String id) {
        for (FindingKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        return null;
    }
}
