package dev.fencecheck.lockdep;

/**
 * A lock class: every lock initialised from the same key shares one, and dependencies are
 * recorded between classes, never instances ({@code lockdep-design.rst}, "Lock-class").
 * Besides its identity it carries lockdep's irq usage bits ({@code lock_class::usage_mask}).
 */
public final class LockClass {
    private final int id;
    private final String name;
    int usageMask;
    /** Where each usage bit was first set, for reports ({@code lock_class::usage_traces}). */
    final UsageTrace[] usageTraces = new UsageTrace[UsageBits.STATES];

    LockClass(int id, String name) {
        this.id = id;
        this.name = name;
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    public int usageMask() {
        return usageMask;
    }

    @Override
    public String toString() {
        return name;
    }

    /** The thread and operation that first gave a class one usage bit. */
    record UsageTrace(String thread, Site site) {
    }
}
