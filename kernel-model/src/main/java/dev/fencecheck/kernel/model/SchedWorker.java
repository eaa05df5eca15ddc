package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.exec.ModelThread;
import dev.fencecheck.kernel.KernelThread;
import dev.fencecheck.lockdep.Site;

/**
 * The scheduler's kthread: drm_sched_main() before v6.8, the ordered submit workqueue running
 * drm_sched_run_job_work() and drm_sched_free_job_work() since
 * ({@code drivers/gpu/drm/scheduler/sched_main.c}). It sleeps until an entity is ready or a job
 * finished; a job's dependencies and run_job() run in a fence signalling section, since the
 * job's finished fence is already published and waits for all of it.
 */
final class SchedWorker {
    private static final String SRC = "drivers/gpu/drm/scheduler/sched_main.c";

    private final ModelScheduler sched;
    private final ModelKernel kernel;
    /** Inside a work item: drm_sched_wqueue_stop()'s cancel_work_sync() waits for it to end. */
    private boolean busy;

    SchedWorker(ModelScheduler sched) {
        this.sched = sched;
        this.kernel = sched.kernel;
    }

    boolean busy() {
        return busy;
    }

    void run() {
        ModelKthreads kthreads = ModelKthreads.of(kernel);
        Site idle = Site.of(SRC + ": drm_sched_run_job_queue", "drm_sched " + sched.name() + " sleeps");
        while (kthreads.idleWait(waitObject(), idle, this::hasWork, sched::describePending)) {
            busy = true;
            try {
                if (sched.finishedJobReady()) {
                    freeJobWork();
                } else {
                    runJobWork();
                }
            } finally {
                busy = false;
            }
        }
    }

    private boolean hasWork() {
        return !sched.pauseSubmit && (sched.finishedJobReady() || sched.selectEntity() != null);
    }

    /** What the kthread's sleep depends on: a pending dependency fence (its wakeup), else the scheduler. */
    private Object waitObject() {
        for (ModelSchedEntity e : sched.entities) {
            if (e.dependency != null) {
                return e.dependency;
            }
        }
        return sched;
    }

    /** drm_sched_free_job_work(): drm_sched_get_finished_job(), then the driver's free_job. */
    private void freeJobWork() {
        ModelThread t = ModelThread.current();
        Site s = Site.of(SRC, "drm_sched_get_finished_job(" + sched.name() + ")");
        t.point(sched, s.operation(), s.source());
        SchedJob job = sched.pending.pollFirst();
        sched.cancelTimeout();
        sched.startTimeout();
        sched.backend.freeJob(job.job);
    }

    /**
     * drm_sched_run_job_work(): select an entity, pop its job (waiting for dependencies by
     * callback), put it on the pending list and arm the timeout (drm_sched_job_begin()), call
     * run_job, signal the scheduled fence, and hook drm_sched_job_done_cb() to the hardware fence.
     */
    private void runJobWork() {
        ModelThread t = ModelThread.current();
        KernelThread kt = kernel.current();
        Site s = Site.of(SRC, "drm_sched_run_job_work(" + sched.name() + ")");
        t.point(sched, s.operation(), s.source());
        ModelSchedEntity entity = sched.selectEntity();
        if (entity == null) {
            return;
        }
        kernel.lockdep().beginSignalling(kt, s);
        try {
            SchedJob job = popJob(entity);
            if (job == null) {
                return;
            }
            sched.takeCredits(job);
            Site begin = Site.of(SRC, "drm_sched_job_begin(" + job + ")");
            t.point(sched, begin.operation(), begin.source());
            sched.pending.addLast(job);
            sched.startTimeout();
            DmaFence hw = sched.backend.runJob(job.job);
            job.parent = hw;
            job.scheduled.signal();
            if (hw == null) {
                sched.jobDone(job, 0);
            } else if (!hw.addCallback(job.doneCallback)) {
                int status = hw.status();
                sched.jobDone(job, status < 0 ? status : 0);
            }
        } finally {
            kernel.lockdep().endSignalling(kt, s);
        }
    }

    /**
     * sched_entity.c: drm_sched_entity_pop_job(): walks the head job's dependencies
     * (drm_sched_job_dependency(), then prepare_job) and stops at the first unsignalled one, with
     * drm_sched_entity_wakeup() as its callback; null then. Otherwise the job leaves the queue.
     */
    private SchedJob popJob(ModelSchedEntity entity) {
        SchedJob job = entity.queue.peek();
        DmaFence dep;
        while ((dep = nextDependency(job)) != null) {
            if (addDependencyCallback(entity, dep)) {
                return null;
            }
        }
        entity.queue.poll();
        return job;
    }

    private DmaFence nextDependency(SchedJob job) {
        if (job.lastDependency < job.job.dependencies().size()) {
            return job.job.dependencies().get(job.lastDependency++);
        }
        return sched.backend.prepareJob(job.job);
    }

    /**
     * sched_entity.c: drm_sched_entity_add_dependency_cb(): the entity's own fences are ignored;
     * for a finished fence of this scheduler it is enough that the job was scheduled (the ring
     * keeps the order); true when a callback was installed on a fence still unsignalled.
     */
    private boolean addDependencyCallback(ModelSchedEntity entity, DmaFence dep) {
        if (entity.ownsContext(dep)) {
            return false;
        }
        SchedJob same = sched.jobOfFinished(dep);
        DmaFence fence = same != null ? same.scheduled : dep;
        entity.dependency = fence;
        if (fence.addCallback(entity.wakeup)) {
            return true;
        }
        entity.dependency = null;
        return false;
    }
}
