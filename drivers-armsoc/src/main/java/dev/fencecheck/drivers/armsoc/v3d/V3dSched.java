package dev.fencecheck.drivers.armsoc.v3d;

import dev.fencecheck.api.DriverContext;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuJob;
import dev.fencecheck.api.kernel.GpuScheduler;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.api.kernel.Held;
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
 * {@code v3d_sched.c}: one drm_sched per queue ({@code v3d_sched_init()}, timeout
 * {@code msecs_to_jiffies(500)}), the queues' run_job ({@code v3d_bin_job_run()},
 * {@code v3d_render_job_run()}, {@code v3d_tfu_job_run()}, {@code v3d_csd_job_run()}), their
 * timeout handlers and {@code v3d_gpu_reset_for_timeout()}.
 */
@SuppressWarnings("try") // lock holds are try-with-resources whose body does not name them
@Singleton
final class V3dSched implements SchedulerBackend {
    /** v3d_sched_init(): msecs_to_jiffies(500), in model ticks. */
    static final long TIMEOUT = 500;

    private final V3dDevice v3d;
    private final V3dFence fences;
    private final Map<V3dQueue, GpuScheduler> scheds = new EnumMap<>(V3dQueue.class);

    @Inject
    V3dSched(DriverContext context, V3dDevice v3d, V3dFence fences) {
        this.v3d = v3d;
        this.fences = fences;
        for (V3dQueue q : V3dQueue.values()) {
            scheds.put(q, context.createScheduler(q.engine, this, TIMEOUT));
        }
    }

    GpuScheduler sched(V3dQueue q) {
        return scheds.get(q);
    }

    @Override
    public DmaFence runJob(Job sched) {
        V3dJob job = (V3dJob) sched;
        if (job.queue == V3dQueue.BIN) {
            // v3d_bin_job_run(): "Lock required around bin_job update vs v3d_overflow_mem_work()."
            try (Held l = v3d.jobLock.lockIrqsave()) {
                v3d.binJob = job;
                // "Clear out the overflow allocation, so we don't reuse the overflow attached to a
                // previous job.": V3D_CORE_WRITE(0, V3D_PTB_BPOS, 0)
                if (v3d.overflow != null) {
                    v3d.overflow.invalidate();
                    v3d.overflow = null;
                }
            }
        }
        // v3d_invalidate_caches(v3d) (bin, render, CSD); then v3d_fence_create(v3d, queue)
        DmaFence fence = fences.create(job.queue);
        if (fence == null) {
            // "if (IS_ERR(fence)) return NULL;": drm_sched completes the job as if it had run
            return null;
        }
        job.fenceAllocated = true;
        job.irqFence = fence;
        // V3D_CLE_CT0QBA/CT0QEA (bin), CT1QBA/CT1QEA (render), the TFU or CSD registers: the queue's
        // hardware starts; bin: the binner writes tile lists into the overflow pool once its initial
        // tile allocation is full (here, every bin job runs out of it)
        List<GpuStep> steps = new ArrayList<>();
        if (job.queue == V3dQueue.BIN) {
            steps.add(GpuStep.userptr(v3d.overflowVa.address()));
        }
        steps.addAll(job.steps());
        GpuJob hw = new GpuJob(job.name(), steps, fence, true);
        v3d.engine(job.queue).submit(job.queue == V3dQueue.TFU ? hw.withoutComputeUnit() : hw);
        return fence;
    }

    /**
     * v3d_bin_job_timedout() / v3d_render_job_timedout() -> v3d_cl_job_timedout(): "If the current
     * address or return address have changed, then the GPU has probably made progress and we
     * should delay the reset." v3d_csd_job_timedout() does the same with the batch count;
     * v3d_generic_job_timedout() (TFU) resets at once.
     */
    @Override
    public void timedoutJob(Job sched) {
        V3dJob job = (V3dJob) sched;
        if (job.queue != V3dQueue.TFU && !job.progressRecorded) {
            // The first timeout finds the CLE (or the CSD batches) moved since the job started
            // (*timedout_ctca was 0); a hung job's do not move afterwards. The job goes back on the
            // pending list (DRM_GPU_SCHED_STAT_NO_HANG), which the SPI cannot do: the model waits
            // one more timeout period instead.
            job.progressRecorded = true;
            if (job.irqFence != null && job.irqFence.waitTimeout(TIMEOUT) > 0) {
                return;
            }
        }
        gpuResetForTimeout(job);
    }

    // v3d_gpu_reset_for_timeout()
    private void gpuResetForTimeout(V3dJob bad) {
        try (Held l = v3d.resetLock.lock()) {
            // "block scheduler"
            for (V3dQueue q : V3dQueue.values()) {
                scheds.get(q).stop(bad);
            }
            // drm_sched_increase_karma(); "get the GPU back into the init state": v3d_reset()
            // (v3d_irq_disable() also cancel_work_sync()s the overflow work, not modelled)
            for (V3dQueue q : V3dQueue.values()) {
                for (GpuJob dropped : v3d.engine(q).reset()) {
                    if (dropped.fence() != null) {
                        dropped.fence().signal(Errno.ECANCELED);
                    }
                }
            }
            try (Held j = v3d.jobLock.lockIrqsave()) {
                v3d.binJob = null;
            }
            // drm_sched_resubmit_jobs() is not modelled: "Unblock schedulers and restart their
            // jobs" then completes the stopped jobs with -ECANCELED
            for (V3dQueue q : V3dQueue.values()) {
                scheds.get(q).start(0);
            }
        }
    }

    // v3d_sched_job_free() -> v3d_job_cleanup() -> v3d_job_free()
    @Override
    public void freeJob(Job sched) {
        V3dJob job = (V3dJob) sched;
        if (job.fenceAllocated) {
            job.fenceAllocated = false;
            fences.release(); // dma_fence_put(job->irq_fence)
        }
        if (job.queue == V3dQueue.BIN) {
            try (Held l = v3d.jobLock.lockIrqsave()) {
                if (v3d.binJob == job) {
                    v3d.binJob = null; // v3d_irq(): V3D_INT_FLDONE clears v3d->bin_job
                }
            }
        }
    }
}
