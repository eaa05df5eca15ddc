package dev.fencecheck.api.driver;

/**
 * A GPU context: one process's queue on one engine.
 *
 * @param name   e.g. {@code gfx0}
 * @param engine the engine it runs on
 * @param kind   how its work completes
 */
public record GpuContext(String name, String engine, Kind kind) {

    /** How a context's work completes, which decides the rules it is held to. */
    public enum Kind {
        /** Work completes with dma_fences (3D, video, copy, kernel-mode compute queues). */
        FENCED,
        /** A long-running compute context: no dma_fence for completion; its memory is protected
         *  by preempt (eviction) fences (PREEMPT-FENCE). */
        LONG_RUNNING,
        /** A context that relies on recoverable page faults: userspace fences only (FAULT-NO-FENCE). */
        FAULTING
    }
}
