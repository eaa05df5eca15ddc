package dev.fencecheck.api.driver;

import dev.fencecheck.api.kernel.DmaFence;

/**
 * How a driver preempts contexts, and how it protects long-running contexts' memory with
 * preempt (eviction) fences: when reclaim or a notifier waits on such a fence, the driver must
 * preempt the context within bounded time, obeying FENCE-ALLOC and FENCE-LOCK on the way.
 */
public interface Preemption {
    /** A driver that cannot preempt. */
    Preemption NONE = new Preemption() {
    };

    /** Preempts the context's work off the GPU; false if the driver cannot. */
    default boolean preempt(GpuContext context) {
        return false;
    }

    /**
     * The preempt fence currently protecting a long-running context's memory (attached to its
     * buffers' reservation objects), or null if the driver uses none. Signalling it must not
     * depend on anything but the preemption itself.
     */
    default DmaFence preemptFence(GpuContext context) {
        return null;
    }
}
