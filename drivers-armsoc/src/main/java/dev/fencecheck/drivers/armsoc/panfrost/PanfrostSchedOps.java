package dev.fencecheck.drivers.armsoc.panfrost;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuJob;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Job;
import dev.fencecheck.api.kernel.SchedulerBackend;
import dev.fencecheck.drivers.armsoc.drm.Errno;
import dev.fencecheck.drivers.armsoc.drm.HwFences;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

/** {@code panfrost_job.c: panfrost_sched_ops}: run_job, timedout_job and free_job. */
@SuppressWarnings("try") // lock holds are try-with-resources whose body does not name them
@Singleton
final class PanfrostSchedOps implements SchedulerBackend {
    private final PanfrostDevice pfdev;
    private final PanfrostFence fences;
    private final PanfrostDump dump;
    private final Provider<PanfrostReset> reset;

    @Inject
    PanfrostSchedOps(PanfrostDevice pfdev, PanfrostFence fences, PanfrostDump dump, Provider<PanfrostReset> reset) {
        this.pfdev = pfdev;
        this.fences = fences;
        this.dump = dump;
        this.reset = reset;
    }

    // panfrost_job.c: panfrost_job_run()
    @Override
    public DmaFence runJob(Job sched) {
        PanfrostJob job = (PanfrostJob) sched;
        // (job->base.s_fence->finished.error and !job->jc, set by a reset, are not modelled: the
        // model's scheduler does not resubmit)
        DmaFence fence = fences.create(job.slot);
        if (fence == null) {
            return HwFences.errPtr(fences.timeline(job.slot), Errno.ENOMEM);
        }
        job.fenceAllocated = true;
        job.doneFence = fence;
        hwSubmit(job);
        return fence;
    }

    // panfrost_job.c: panfrost_job_hw_submit(). pm_runtime_get_sync() is not modelled: the GPU stays powered.
    private void hwSubmit(PanfrostJob job) {
        // cfg = panfrost_mmu_as_get(pfdev, job->mmu): the file's address space is already assigned
        try (Held as = pfdev.asLock.lock()) {
            // spin_lock(&pfdev->as_lock); mmu->as >= 0; atomic_inc(&mmu->as_count)
        }
        try (Held js = pfdev.jobLock.lock()) {
            // panfrost_enqueue_job(); "Don't queue the job if a reset is in progress"
            if (!pfdev.resetPending) {
                // job_write(pfdev, JS_COMMAND_NEXT(js), JS_COMMAND_START)
                pfdev.engine(job.slot).submit(new GpuJob(job.name(), job.steps(), job.doneFence, true));
            }
        }
    }

    // panfrost_job.c: panfrost_job_timedout()
    @Override
    public void timedoutJob(Job sched) {
        PanfrostJob job = (PanfrostJob) sched;
        // The timeout works of all slots run on the ordered pfdev->reset.wq (drm_sched_init(...,
        // pfdev->reset.wq, ...)): one at a time. A second one finds the reset of the first done,
        // which stopped, reset and restarted every slot, its own included.
        if (pfdev.resetRunning) {
            return;
        }
        // "If the GPU managed to complete this jobs fence, the timeout is spurious. Bail out."
        if (job.doneFence == null || job.doneFence.isSignaled()) {
            return;
        }
        // synchronize_irq(pfdev->js->irq), then the same test again
        if (job.doneFence.isSignaled()) {
            return;
        }
        pfdev.resetRunning = true;
        try {
            dump.coreDump(job);
            pfdev.resetPending = true;
            reset.get().reset(job);
        } finally {
            pfdev.resetRunning = false;
        }
    }

    // panfrost_job.c: panfrost_job_free() -> panfrost_job_cleanup()
    @Override
    public void freeJob(Job sched) {
        PanfrostJob job = (PanfrostJob) sched;
        if (job.fenceAllocated) {
            job.fenceAllocated = false;
            fences.release(); // dma_fence_put(job->done_fence)
        }
        for (PanfrostGemObject bo : job.bos) {
            bo.gpuUseCount--; // atomic_dec(&job->mappings[i]->obj->gpu_usecount)
        }
    }
}
