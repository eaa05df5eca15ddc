package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuScheduler;
import dev.fencecheck.api.kernel.Job;
import dev.fencecheck.api.kernel.SchedulerBackend;
import dev.fencecheck.exec.ModelThread;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.kernel.Rules;
import dev.fencecheck.lockdep.ExecContext;
import dev.fencecheck.lockdep.Finding;
import dev.fencecheck.lockdep.FindingKind;
import dev.fencecheck.lockdep.Site;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A DRM GPU scheduler ({@code drivers/gpu/drm/scheduler/sched_main.c}): entities, the pending
 * list of jobs on the hardware, credits, and the timeout. Its kthread is a {@link SchedWorker};
 * timeout handling and reset are {@link SchedRecovery}. Every scheduling point of the scheduler
 * is on this object, which plays {@code job_list_lock} and the run queues.
 *
 * <p>Not modelled: priorities and several run queues, round-robin policy, entity teardown
 * (drm_sched_entity_flush/fini/kill), karma and guilty entities, drm_sched_resubmit_jobs(),
 * deadlines, load balancing between schedulers (drm_sched_pick_best()).
 */
public final class ModelScheduler implements GpuScheduler {
    private static final String SRC = "drivers/gpu/drm/scheduler/sched_main.c";

    final ModelKernel kernel;
    final SchedulerBackend backend;
    private final String name;
    private final long timeout;
    private final int creditLimit;
    final List<ModelSchedEntity> entities = new ArrayList<>();
    /** sched->pending_list: jobs given to run_job and not yet freed, oldest first. */
    final Deque<SchedJob> pending = new ArrayDeque<>();
    private final Map<Job, SchedJob> jobs = new IdentityHashMap<>();
    private final Map<DmaFence, SchedJob> byFinished = new IdentityHashMap<>();
    private final List<SchedJob> armed = new ArrayList<>();
    private final ModelSchedEntity kernelEntity;
    private int creditCount;
    private long pushes;
    /** sched->pause_submit (drm_sched_wqueue_stop/start). */
    boolean pauseSubmit;
    /** sched->free_guilty. */
    boolean freeGuilty;
    SchedWorker worker;
    private ModelTimer tdr;

    private ModelScheduler(ModelKernel kernel, String name, SchedulerBackend backend, long timeout, int creditLimit) {
        this.kernel = kernel;
        this.name = name;
        this.backend = backend;
        this.timeout = timeout;
        this.creditLimit = creditLimit;
        this.kernelEntity = (ModelSchedEntity) createEntity(name + ".kernel");
    }

    /**
     * drm_sched_init() without flow control: declares the scheduler's kthread and its timeout
     * work. The kernel's fence service must be installed.
     */
    public static ModelScheduler create(ModelKernel kernel, String name, SchedulerBackend backend, long timeout) {
        return create(kernel, name, backend, timeout, Integer.MAX_VALUE);
    }

    /**
     * drm_sched_init(): a scheduler with {@code creditLimit} credits (the ring size in jobs), its
     * kthread, and, unless the timeout is {@link #NO_TIMEOUT}, the worker of its timeout work.
     * Call while building the model, before the execution starts.
     */
    public static ModelScheduler create(ModelKernel kernel, String name, SchedulerBackend backend, long timeout,
                                        int creditLimit) {
        if (timeout < 0 || creditLimit < 1) {
            throw new IllegalArgumentException("negative timeout or no credits");
        }
        ModelScheduler s = new ModelScheduler(kernel, name, backend, timeout, creditLimit);
        s.worker = new SchedWorker(s);
        ModelKthreads.of(kernel).kthread(kernel, "drm_sched/" + name, ExecContext.TASK, s.worker::run);
        if (timeout != NO_TIMEOUT) {
            SchedRecovery recovery = new SchedRecovery(s);
            s.tdr = ModelTimer.create(kernel, "drm_sched_tdr/" + name, s, recovery::jobTimedout);
        }
        kernel.atExecutionEnd(s::checkAllSignalled);
        return s;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long timeout() {
        return timeout;
    }

    @Override
    public Entity createEntity(String entityName) {
        ModelSchedEntity e = new ModelSchedEntity(kernel, this, entityName);
        entities.add(e);
        return e;
    }

    @Override
    public DmaFence submit(Job job) {
        return push(kernelEntity, job);
    }

    @Override
    public InitializedJob init(Job job) {
        return init(kernelEntity, job);
    }

    /** drm_sched_job_init() + drm_sched_job_arm() + drm_sched_entity_push_job(), in one call. */
    DmaFence push(ModelSchedEntity entity, Job job) {
        return init(entity, job).push();
    }

    /**
     * drm_sched_job_init() (sched_fence.c: drm_sched_fence_alloc() and, per dependency,
     * drm_sched_job_add_dependency()'s xa_alloc() are GFP_KERNEL slab allocations).
     */
    InitializedJob init(ModelSchedEntity entity, Job job) {
        ModelThread t = ModelThread.current();
        Site init = kernel.site("drm_sched_job_init(" + job.name() + ")");
        t.point(null, init.operation(), init.source());
        kernel.lockdep().mightAlloc(kernel.current(), Gfp.GFP_KERNEL, init);
        return new InitializedJob() {
            @Override
            public Job job() {
                return job;
            }

            @Override
            public DmaFence push() {
                return armAndPush(entity, job);
            }
        };
    }

    /**
     * drm_sched_job_arm() (the fences get the entity's next seqno, drm_sched_fence_init()), then
     * drm_sched_entity_push_job() (sched_entity.c): from here the scheduler thread may run the
     * job, so its finished fence is published.
     */
    private DmaFence armAndPush(ModelSchedEntity entity, Job job) {
        ModelThread t = ModelThread.current();
        Site arm = kernel.site("drm_sched_job_arm(" + job.name() + ")");
        t.point(this, arm.operation(), arm.source());
        if (jobs.containsKey(job)) {
            throw new IllegalStateException("job " + job.name() + " armed twice (BUG_ON in drm_sched_job_arm)");
        }
        SchedJob sj = new SchedJob(job, entity, entity.scheduledTimeline().create(),
                entity.finishedTimeline().create(), t.name(), pushes++, this::hardwareDone);
        sj.credits = Math.min(sj.credits, creditLimit);
        jobs.put(job, sj);
        byFinished.put(sj.finished, sj);
        armed.add(sj);
        Site push = kernel.site("drm_sched_entity_push_job(" + job.name() + ")");
        t.point(this, push.operation(), push.source());
        entity.queue.add(sj);
        sj.finished.publish();
        return sj.finished;
    }

    /** The job whose finished fence this is, if it is one of this scheduler's. */
    SchedJob jobOfFinished(DmaFence f) {
        return byFinished.get(f);
    }

    SchedJob jobOf(Job job) {
        return jobs.get(job);
    }

    /**
     * drm_sched_job_done_cb(): runs inside the signalling of the hardware fence, under its lock,
     * so it reads the error without taking the lock again (f->error).
     */
    private void hardwareDone(SchedJob sj) {
        jobDone(sj, FenceErrors.of(sj.parent));
    }

    /**
     * drm_sched_job_done(): returns the credits and signals the finished fence with
     * {@code result} (sched_fence.c: drm_sched_fence_finished()); the free work then sees it.
     */
    void jobDone(SchedJob sj, int result) {
        creditCount -= sj.credits;
        sj.finishedSignalled = true;
        FenceErrors.signal(sj.finished, result);
    }

    void takeCredits(SchedJob sj) {
        creditCount += sj.credits;
    }

    void returnCredits(SchedJob sj) {
        creditCount -= sj.credits;
    }

    /** drm_sched_can_queue(): enough credits left for the entity's next job. */
    boolean canQueue(ModelSchedEntity e) {
        return creditLimit - creditCount >= e.queue.peek().credits;
    }

    /** drm_sched_rq_select_entity_fifo(): the ready entity whose next job was pushed first. */
    ModelSchedEntity selectEntity() {
        ModelSchedEntity best = null;
        for (ModelSchedEntity e : entities) {
            if (e.ready() && (best == null || e.queue.peek().pushSeq < best.queue.peek().pushSeq)) {
                best = e;
            }
        }
        return best == null || !canQueue(best) ? null : best;
    }

    /** The head of the pending list has finished and can be freed (drm_sched_get_finished_job()). */
    boolean finishedJobReady() {
        SchedJob head = pending.peekFirst();
        return head != null && head.finishedSignalled;
    }

    /** drm_sched_start_timeout(): (re)arms the timeout while jobs are pending. */
    void startTimeout() {
        if (tdr != null && !pending.isEmpty()) {
            tdr.modDelayedWork(timeout);
        }
    }

    void cancelTimeout() {
        if (tdr != null) {
            tdr.cancel();
        }
    }

    @Override
    public void stop(Job bad) {
        new SchedRecovery(this).stop(bad);
    }

    @Override
    public void start(int error) {
        new SchedRecovery(this).start(error);
    }

    /** drm_sched_fault(): the timeout work runs at once (nothing without a timeout). */
    @Override
    public void fault() {
        ModelThread t = ModelThread.current();
        Site s = kernel.site("drm_sched_fault(" + name + ")");
        t.point(this, s.operation(), s.source());
        if (tdr != null) {
            tdr.modDelayedWork(0);
        }
    }

    /**
     * At the end of an execution that did not deadlock, every finished fence the scheduler
     * published must have been signalled (FENCE-SIGNAL-ONCE; FENCE-FINITE without a timeout).
     */
    private void checkAllSignalled(boolean deadlocked) {
        if (deadlocked) {
            return;
        }
        for (SchedJob sj : armed) {
            if (!sj.finishedSignalled) {
                String rule = timeout == NO_TIMEOUT ? Rules.FENCE_FINITE : Rules.FENCE_SIGNAL_ONCE;
                Site site = Site.of(SRC, "drm_sched_job_arm(" + sj.job.name() + ")");
                String why = pending.contains(sj) ? "its hardware fence never signalled"
                        : sj.entity.queue.contains(sj) ? "it never ran (dependency "
                        + sj.entity.dependency + " pending)" : "it was dropped";
                kernel.report(new Finding(FindingKind.FENCE_NEVER_SIGNALLED, rule, sj.submitter, site,
                        "finished fence " + sj.finished.name() + " of job " + sj.job.name() + " on " + name
                                + " is never signalled: " + why,
                        List.of(FindingKind.FENCE_NEVER_SIGNALLED.headline(),
                                "job " + sj.job.name() + " was pushed to scheduler " + name + " by " + sj.submitter
                                        + " and its finished fence published, but the execution ended with it"
                                        + " unsignalled: " + why + ".",
                                timeout == NO_TIMEOUT ? "The scheduler has no timeout, so nothing recovers a hang."
                                        : "Waiters on it would wait forever."),
                        List.of(), new TreeSet<>()));
            }
        }
    }

    String describePending() {
        List<String> out = new ArrayList<>();
        for (ModelSchedEntity e : entities) {
            if (e.dependency != null) {
                out.add("entity " + e.name() + " waits for dependency " + e.dependency.name());
            } else if (!e.queue.isEmpty() && !canQueue(e)) {
                out.add("entity " + e.name() + " waits for credits");
            }
        }
        for (SchedJob sj : pending) {
            if (!sj.finishedSignalled) {
                out.add("job " + sj.job.name() + " runs on the hardware");
            }
        }
        return out.isEmpty() ? "work for scheduler " + name : String.join("; ", out);
    }

    @Override
    public String toString() {
        return "drm_sched " + name;
    }
}
