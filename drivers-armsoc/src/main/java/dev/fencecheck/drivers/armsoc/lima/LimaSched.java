package dev.fencecheck.drivers.armsoc.lima;

import dev.fencecheck.api.DriverContext;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuJob;
import dev.fencecheck.api.kernel.GpuScheduler;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.api.kernel.Job;
import dev.fencecheck.api.kernel.SchedulerBackend;
import dev.fencecheck.drivers.armsoc.drm.Errno;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code lima_sched.c}: a drm_sched per pipe ({@code lima_sched_pipe_init()}: credit limit 1, timeout
 * {@code lima_sched_timeout_ms}, 10 s by default) and {@code lima_sched_ops}.
 */
@Singleton
final class LimaSched implements SchedulerBackend {
    /** lima_sched_pipe_init(): lima_sched_timeout_ms > 0 ? lima_sched_timeout_ms : 10000, in ticks. */
    static final long TIMEOUT = 10_000;

    private final LimaDevice ldev;
    private final LimaFence fences;
    private final Map<LimaPipe, GpuScheduler> scheds = new EnumMap<>(LimaPipe.class);
    /** pipe->current_task. */
    private final Map<LimaPipe, LimaTask> current = new EnumMap<>(LimaPipe.class);

    @Inject
    LimaSched(DriverContext context, LimaDevice ldev, LimaFence fences) {
        this.ldev = ldev;
        this.fences = fences;
        for (LimaPipe p : LimaPipe.values()) {
            scheds.put(p, context.createScheduler(p.engine, this, TIMEOUT));
        }
    }

    GpuScheduler sched(LimaPipe pipe) {
        return scheds.get(pipe);
    }

    LimaTask currentTask(LimaPipe pipe) {
        return current.get(pipe);
    }

    // lima_sched_run_job()
    @Override
    public DmaFence runJob(Job job) {
        LimaTask task = (LimaTask) job;
        DmaFence fence = fences.create(task.pipe);
        if (fence == null) {
            return null; // "if (!fence) return NULL;": drm_sched completes the task as if it had run
        }
        task.fenceAllocated = true;
        // lima_pm_busy(): pm_runtime_resume_and_get() (the GPU stays powered in the model)
        task.fence = fence;
        current.put(task.pipe, task);
        // lima_l2_cache_flush(); lima_mmu_switch_vm(); then pipe->task_run(pipe, task)
        List<GpuStep> steps = new ArrayList<>();
        if (task.pipe == LimaPipe.GP && task.bos.contains(ldev.heap)) {
            // lima_gp_task_run(): the PLBU allocates from the heap object: task->recoverable = true,
            // task->heap = bo; the PLBU writes past the heap's current size once it is full
            task.recoverable = true;
            task.heap = ldev.heap;
            steps.add(GpuStep.userptr(ldev.heapGrowth.address()));
        }
        steps.addAll(task.steps());
        ldev.engine(task.pipe).submit(new GpuJob(task.name(), steps, fence, true));
        return fence;
    }

    // lima_sched_timedout_job()
    @Override
    public void timedoutJob(Job job) {
        LimaTask task = (LimaTask) job;
        // "If the GPU managed to complete this jobs fence, the timeout is spurious. Bail out."
        if (task.fence == null || task.fence.isSignaled()) {
            return;
        }
        // synchronize_irq() of the pipe's processors, then the same test again
        if (task.fence.isSignaled()) {
            return;
        }
        // pipe->task_mask_irq(pipe)
        GpuScheduler sched = scheds.get(task.pipe);
        sched.stop(job);
        // drm_sched_increase_karma(); lima_sched_build_error_task_list() only with the
        // max_error_tasks module parameter (0 by default): not modelled
        // pipe->task_error(pipe): lima_gp_task_error() / lima_pp_task_error(): hard reset
        for (GpuJob dropped : ldev.engine(task.pipe).reset()) {
            if (dropped.fence() != null) {
                dropped.fence().signal(Errno.ECANCELED);
            }
        }
        // lima_mmu_page_fault_resume(); pipe->current_task = NULL; lima_pm_idle()
        current.remove(task.pipe);
        // drm_sched_resubmit_jobs() is not modelled: drm_sched_start() cancels the stopped tasks
        sched.start(0);
    }

    // lima_sched_free_job()
    @Override
    public void freeJob(Job job) {
        LimaTask task = (LimaTask) job;
        if (task.fenceAllocated) {
            task.fenceAllocated = false;
            fences.release(); // dma_fence_put(task->fence)
        }
        if (current.get(task.pipe) == task) {
            current.remove(task.pipe);
        }
    }
}
