package dev.fencecheck.api.kernel;

/**
 * A DRM GPU scheduler, {@code struct drm_gpu_scheduler} ({@code drivers/gpu/drm/scheduler/}): one
 * per hardware ring. Entities are software queues whose jobs run in order once their dependencies
 * signal; a scheduler thread calls the driver's {@link SchedulerBackend#runJob}, and a job that
 * has not finished within the timeout goes to {@link SchedulerBackend#timedoutJob}.
 */
public interface GpuScheduler {
    /** MAX_SCHEDULE_TIMEOUT: no timeout handling at all. */
    long NO_TIMEOUT = Long.MAX_VALUE;

    /** -ECANCELED: the error of jobs cancelled by a reset. */
    int ECANCELED = -125;

    String name();

    /** The job timeout, in model ticks (jiffies in the kernel), or {@link #NO_TIMEOUT}. */
    long timeout();

    /** drm_sched_entity_init() on this scheduler alone. */
    Entity createEntity(String name);

    /** Submits to an entity the scheduler has for the driver's own use (a kernel queue). */
    DmaFence submit(Job job);

    /** {@link Entity#init} on the entity the scheduler has for the driver's own use. */
    InitializedJob init(Job job);

    /**
     * drm_sched_stop(): parks the scheduler thread (waiting for a run_job in progress), detaches
     * the hardware fences of unfinished jobs and frees the finished ones. {@code bad} is the job
     * that timed out (null if none); it is kept for recovery.
     */
    void stop(Job bad);

    /**
     * drm_sched_start(): after a reset, completes jobs whose hardware fence was detached with
     * {@code error} (0 for -ECANCELED), re-attaches the others, and unparks the scheduler thread.
     */
    void start(int error);

    /** drm_sched_fault(): starts timeout handling at once, e.g. on a hardware fault interrupt. */
    default void fault() {
        throw new UnsupportedOperationException("drm_sched_fault() is not modelled here");
    }

    /**
     * A scheduler entity, {@code struct drm_sched_entity}: the queue of one context. Its jobs run
     * in the order they were pushed.
     */
    interface Entity {
        String name();

        GpuScheduler scheduler();

        /**
         * drm_sched_job_init() + drm_sched_job_arm() + drm_sched_entity_push_job(): queues the
         * job and returns its finished fence, published: the scheduler thread and anyone the
         * caller hands it to may wait for it from now on.
         */
        DmaFence submit(Job job);

        /**
         * drm_sched_job_init() alone: allocates the job's scheduler fences (GFP_KERNEL) and
         * publishes nothing. Drivers do it before taking the locks of their publication path,
         * which then only arms and pushes the job ({@link InitializedJob#push}), allocation-free.
         */
        InitializedJob init(Job job);
    }

    /** A job after drm_sched_job_init(), not yet armed: dropping it publishes nothing. */
    interface InitializedJob {
        Job job();

        /**
         * drm_sched_job_arm() + drm_sched_entity_push_job(): gives the fences their seqno, queues
         * the job and returns its finished fence, published. Allocates nothing; at most once.
         */
        DmaFence push();
    }
}
