package dev.fencecheck.kernel.model;

/**
 * A pool of compute units (shader engines, CUs, EUs): a job that needs one waits for one to be
 * free and holds it until it completes, is preempted, or is killed by a reset, also while it is
 * stalled on a page fault. One pool for the whole GPU when compute units are shared between
 * engines, else one per engine.
 */
final class ComputeUnits {
    private final String name;
    private final int total;
    private int free;

    ComputeUnits(String name, int total) {
        this.name = name;
        this.total = total;
        this.free = total;
    }

    boolean available() {
        return free > 0;
    }

    void take() {
        if (free == 0) {
            throw new IllegalStateException("no compute unit free in " + name);
        }
        free--;
    }

    void give() {
        if (free == total) {
            throw new IllegalStateException("compute unit returned twice to " + name);
        }
        free++;
    }

    @Override
    public String toString() {
        return "compute units " + name + " (" + free + " of " + total + " free)";
    }
}
