package dev.fencecheck.drivers.armsoc.etnaviv;

import dev.fencecheck.api.DriverContext;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuScheduler;
import dev.fencecheck.api.kernel.Job;
import dev.fencecheck.api.kernel.SchedulerBackend;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * {@code etnaviv_sched.c}: the core's drm_sched ({@code etnaviv_sched_init()}: credit limit
 * {@code etnaviv_hw_jobs_limit} = 4, timeout 500 ms) and {@code etnaviv_sched_ops}.
 */
@Singleton
final class EtnavivSched implements SchedulerBackend {
    /** etnaviv_sched_init(): msecs_to_jiffies(500), in model ticks. */
    static final long TIMEOUT = 500;

    private final EtnavivGpu gpu;
    private final EtnavivDump dump;
    final GpuScheduler sched;

    @Inject
    EtnavivSched(DriverContext context, EtnavivGpu gpu, EtnavivDump dump) {
        this.gpu = gpu;
        this.dump = dump;
        this.sched = context.createScheduler(EtnavivGpu.CORE, this, TIMEOUT);
    }

    // etnaviv_sched_run_job(): etnaviv_gpu_submit() unless the job was cancelled by a reset
    @Override
    public DmaFence runJob(Job job) {
        return gpu.submit((EtnavivSubmit) job);
    }

    // etnaviv_sched_timedout_job()
    @Override
    public void timedoutJob(Job job) {
        EtnavivSubmit submit = (EtnavivSubmit) job;
        while (true) {
            // "If the GPU managed to complete this jobs fence, the timout is spurious. Bail out."
            if (submit.finished().isSignaled()) {
                return;
            }
            // "If the GPU is still making forward progress on the front-end (which should never
            // loop) we shift out the timeout to give it a chance to finish the job": progress is a
            // fence completed since the last check, or the FE DMA address moved by more than 16
            // bytes. The model's engine has no FE address register; a hung job's FE does not move.
            boolean progress = gpu.running && gpu.completedFence != gpu.hangcheckFence;
            if (!progress) {
                break;
            }
            gpu.hangcheckFence = gpu.completedFence;
            // out_no_timeout: the job goes back on the pending list and the scheduler re-arms the
            // timeout. The SPI cannot put a job back (DRM_GPU_SCHED_STAT_NO_HANG), so the model
            // gives the job the same one more timeout period here, then checks again.
            if (submit.gpuFence != null) {
                submit.gpuFence.waitTimeout(TIMEOUT);
            }
        }
        // "block scheduler"
        sched.stop(job);
        // drm_sched_increase_karma(sched_job); "get the GPU back into the init state"
        dump.coreDump(submit);
        gpu.recoverHang(submit);
        // drm_sched_resubmit_jobs() is not modelled: drm_sched_start() cancels the stopped jobs
        sched.start(0);
    }

    // etnaviv_sched_free_job() -> etnaviv_submit_put() -> submit_cleanup()
    @Override
    public void freeJob(Job job) {
        EtnavivSubmit submit = (EtnavivSubmit) job;
        if (submit.gpuFence != null) {
            submit.gpuFence = null;
            gpu.fenceRelease(); // dma_fence_put(submit->hw_fence)
        }
    }
}
