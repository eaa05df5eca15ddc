package dev.fencecheck.api.kernel;

import java.util.List;

/**
 * One GPU engine and its ring. Jobs run one at a time, in ring order; a job that needs a compute
 * unit waits for one. A completed job raises an interrupt whose handler signals its fence.
 */
public interface GpuEngine {
    String name();

    Gpu gpu();

    /** Writes the job to the ring and rings the doorbell (amdgpu_ring_commit()); never blocks. */
    void submit(GpuJob job);

    /**
     * Asks the hardware to take the running job off the engine, and waits until it has: at the
     * next step with {@link GpuConfig.Preemption#MID_JOB}, at the end of the job with
     * {@link GpuConfig.Preemption#JOB_BOUNDARY}; a job stalled on a page fault only if the
     * hardware can preempt with a fault pending. The job releases its compute unit and the
     * engine runs nothing until {@link #resume}.
     *
     * @throws UnsupportedOperationException when the hardware has no preemption
     */
    void preempt();

    /** Lets a preempted engine run again, starting with the job it saved. */
    void resume();

    /**
     * Engine reset: the running job and everything on the ring are dropped and returned. Their
     * fences are not signalled: the driver force-completes them with an error
     * (amdgpu_fence_driver_force_completion()).
     */
    List<GpuJob> reset();
}
