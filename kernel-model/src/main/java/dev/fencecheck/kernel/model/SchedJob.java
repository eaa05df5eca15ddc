package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Job;
import java.util.function.Consumer;

/**
 * The scheduler's part of a job: {@code struct drm_sched_job} with its {@code struct
 * drm_sched_fence} ({@code include/drm/gpu_scheduler.h}): the scheduled and finished fences, the
 * hardware fence run_job returned ({@code parent}), and how far its dependencies were waited for.
 */
final class SchedJob {
    final Job job;
    final ModelSchedEntity entity;
    final DmaFence scheduled;
    final DmaFence finished;
    /** Who armed it, for reports. */
    final String submitter;
    /** drm_sched_entity_push_job(): the order of pushes (submit_ts), for the FIFO policy. */
    final long pushSeq;
    /** drm_sched_job_done_cb(), one instance so that it can be removed again. */
    final Consumer<DmaFence> doneCallback;
    DmaFence parent;
    int lastDependency;
    int credits;
    /** Set when the scheduler signals the finished fence (read by conditions, which take no lock). */
    boolean finishedSignalled;

    SchedJob(Job job, ModelSchedEntity entity, DmaFence scheduled, DmaFence finished, String submitter,
             long pushSeq, Consumer<SchedJob> done) {
        this.job = job;
        this.entity = entity;
        this.scheduled = scheduled;
        this.finished = finished;
        this.submitter = submitter;
        this.pushSeq = pushSeq;
        this.credits = job.credits();
        this.doneCallback = f -> done.accept(this);
    }

    @Override
    public String toString() {
        return job.name();
    }
}
