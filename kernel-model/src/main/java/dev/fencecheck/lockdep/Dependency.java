package dev.fencecheck.lockdep;

/**
 * Where a dependency {@code prev -> next} was first recorded: which thread held {@code prev}
 * (acquired at {@code prevSite}) while acquiring {@code next} (at {@code nextSite}). This is
 * what lockdep prints as the stack trace of each link of a cycle.
 */
public record Dependency(String thread, LockClass prev, int prevRead, Site prevSite,
                         LockClass next, int nextRead, Site nextSite) {

    /** {@code "thread submit: holding dma_fence_map (line 7: begin_signalling) took fs_reclaim (line 8: alloc GFP_KERNEL)"} */
    public String describe() {
        return "thread " + thread + ": holding " + prev.name() + mode(prevRead) + " (" + prevSite.describe()
                + ") took " + next.name() + mode(nextRead) + " (" + nextSite.describe() + ")";
    }

    static String mode(int read) {
        return switch (read) {
            case 1 -> " [read]";
            case 2 -> " [recursive read]";
            default -> "";
        };
    }
}
