package dev.fencecheck.api.kernel;

import java.util.List;

/** A GPU: its engines, its page tables for userptr memory, and its fault interrupt. */
public interface Gpu {
    GpuConfig config();

    List<GpuEngine> engines();

    default GpuEngine engine(String name) {
        for (GpuEngine e : engines()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("no engine " + name + " on " + config().name());
    }

    /** Installs the driver's handler of recoverable page faults; without one, every fault cancels its job. */
    void onFault(GpuFaultHandler handler);

    /**
     * Maps the pages of a userptr range into the GPU page tables. {@code seq} is the
     * mmu_interval_read_begin() sequence under which the driver got the pages; pages mapped after
     * an invalidation of that sequence started are stale from the start.
     */
    GpuMapping mapUserptr(MmuIntervalNotifier notifier, long seq);
}
