package dev.fencecheck.api.kernel;

/**
 * What a driver supplies to a GPU scheduler: {@code struct drm_sched_backend_ops}
 * ({@code include/drm/gpu_scheduler.h}). {@link #prepareJob}, {@link #runJob} and
 * {@link #timedoutJob} run inside fence signalling sections: everything they do gates the
 * finished fences of jobs already published, so they must not allocate with reclaim, take a
 * {@code dma_resv} lock, or take a lock held anywhere around a fence wait.
 */
public interface SchedulerBackend {
    /**
     * prepare_job: one more fence the job must wait for before it runs, or null when it is ready.
     * Called again after the returned fence signals.
     */
    default DmaFence prepareJob(Job job) {
        return null;
    }

    /**
     * run_job: puts the job on the hardware and returns its hardware fence, which the scheduler
     * turns into the job's finished fence once it signals; null when there is nothing to wait for.
     */
    DmaFence runJob(Job job);

    /**
     * timedout_job: the job did not finish within the scheduler's timeout. A driver typically
     * calls {@link GpuScheduler#stop}, resets the hardware, and calls {@link GpuScheduler#start}.
     */
    void timedoutJob(Job job);

    /** free_job: the job's finished fence signalled and the scheduler is done with it. */
    default void freeJob(Job job) {
    }
}
