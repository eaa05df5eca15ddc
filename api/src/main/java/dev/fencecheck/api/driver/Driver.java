package dev.fencecheck.api.driver;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuFaultHandler;

/**
 * A driver instance, written the way kernel code is: lock, allocate, publish, signal, in plain
 * sequential Java with try-with-resources, calling the kernel services it was created with.
 * Every path the conformance suite drives is here; new paths get defaults, so that existing
 * drivers keep working.
 */
public interface Driver {
    /** Opens a GPU context (a file descriptor's queue) of the given kind on an engine. */
    GpuContext openContext(String name, String engine, GpuContext.Kind kind);

    /**
     * The command submission ioctl: validate the buffers and userptr ranges, publish the job's
     * fence (in the buffers' reservation objects) and queue it to the GPU scheduler. Returns the
     * fence of the job, or null for contexts whose work does not complete with a dma_fence.
     */
    DmaFence submit(Submission submission);

    /** Creates a userptr buffer over user memory (a userptr ioctl); unsupported by default. */
    default void createUserptr(String buffer, Submission.UserptrRange range) {
        throw new UnsupportedOperationException("this driver has no userptr support");
    }

    /** How the driver preempts contexts. */
    default Preemption preemption() {
        return Preemption.NONE;
    }

    /** The GPU page-fault handler, or null if faults are not recoverable (the job is killed). */
    default GpuFaultHandler faultHandler() {
        return null;
    }

    /**
     * A display commit (the atomic commit tail): wait for the framebuffer's fence, flip, and
     * signal the returned out-fence at the next vblank; null if the driver has no display.
     */
    default DmaFence commit(String framebuffer, DmaFence inFence) {
        return null;
    }
}
