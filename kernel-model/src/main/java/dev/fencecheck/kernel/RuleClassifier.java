package dev.fencecheck.kernel;

import dev.fencecheck.lockdep.Dependency;
import dev.fencecheck.lockdep.Finding;
import dev.fencecheck.lockdep.FindingKind;
import dev.fencecheck.lockdep.LockClass;

/**
 * Puts a validator finding under the cross-driver rule it breaks ({@code docs/rules.md}), from
 * the operation that made it and the classes of its cycle. The validator itself knows nothing
 * of fences; the primed order {@code dma_resv -> fs_reclaim -> mmu_notifier -> dma_fence_map}
 * is what makes the fence rules show up as lock cycles.
 */
final class RuleClassifier {
    private final LockClass fsReclaim;
    private final LockClass mmuNotifier;
    private final LockClass fenceMap;
    private final KernelLockdep kernel;

    RuleClassifier(KernelLockdep kernel) {
        this.kernel = kernel;
        this.fsReclaim = kernel.fsReclaim().lockClass();
        this.mmuNotifier = kernel.mmuNotifier().lockClass();
        this.fenceMap = kernel.dmaFenceMap().lockClass();
    }

    /**
     * @param op              the operation being performed
     * @param inSection       whether the thread held {@code dma_fence_map} for reading when it began
     * @param inReclaim       whether the thread runs a shrinker or notifier body
     */
    String classify(Finding f, OpKind op, boolean inSection, boolean inReclaim) {
        return switch (f.kind()) {
            case SLEEP_IN_ATOMIC -> (op == OpKind.WAIT || op == OpKind.ALLOC || op == OpKind.RECLAIM)
                    ? Rules.FENCE_ATOMIC : null;
            case DOUBLE_SIGNAL -> Rules.FENCE_SIGNAL_ONCE;
            case CIRCULAR_DEPENDENCY, RECURSIVE_LOCKING -> classifyDependency(f, op, inSection, inReclaim);
            default -> null;
        };
    }

    private String classifyDependency(Finding f, OpKind op, boolean inSection, boolean inReclaim) {
        LockClass acquired = acquiredClass(f);
        boolean viaFence = f.kind() == FindingKind.RECURSIVE_LOCKING
                ? acquired == fenceMap : cycleContains(f, fenceMap);
        boolean reclaimMap = acquired == fsReclaim || acquired == mmuNotifier;
        if (op == OpKind.WAIT && inSection && viaFence) {
            // __dma_fence_might_wait() upgraded the section's read hold past a lock taken in it.
            return Rules.FENCE_WAIT_NEST;
        }
        if (reclaimMap && inReclaim) {
            return Rules.RECLAIM_ALLOC;
        }
        if (reclaimMap && inSection && viaFence) {
            return Rules.FENCE_ALLOC;
        }
        if (!reclaimMap && inReclaim && kernel.isReservationClass(acquired)
                && (cycleContains(f, fsReclaim) || cycleContains(f, mmuNotifier))) {
            return Rules.RECLAIM_TRYLOCK;
        }
        if (viaFence) {
            return Rules.FENCE_LOCK;
        }
        return null;
    }

    /** The class the failing acquisition was taking. */
    private static LockClass acquiredClass(Finding f) {
        if (!f.chain().isEmpty()) {
            return f.chain().get(0).next();
        }
        return null;
    }

    private static boolean cycleContains(Finding f, LockClass c) {
        for (Dependency d : f.chain()) {
            if (d.prev() == c || d.next() == c) {
                return true;
            }
        }
        return false;
    }
}
