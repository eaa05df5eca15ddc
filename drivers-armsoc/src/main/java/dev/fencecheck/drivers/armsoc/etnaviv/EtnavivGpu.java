package dev.fencecheck.drivers.armsoc.etnaviv;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Gpu;
import dev.fencecheck.api.kernel.GpuEngine;
import dev.fencecheck.api.kernel.GpuJob;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.Memory;
import dev.fencecheck.api.kernel.Mutex;
import dev.fencecheck.drivers.armsoc.drm.Errno;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * {@code etnaviv_gpu.c}: {@code struct etnaviv_gpu}, command submission to the front-end
 * ({@code etnaviv_gpu_submit()}), the hardware fences ({@code etnaviv_gpu_fence_alloc()}), the
 * completion interrupt's bookkeeping and hang recovery ({@code etnaviv_gpu_recover_hang()}).
 */
@SuppressWarnings("try") // lock holds are try-with-resources whose body does not name them
@Singleton
final class EtnavivGpu {
    static final String CORE = "3d";

    /** gpu->lock. */
    final Mutex lock;
    /** The file's MMU context lock (etnaviv_iommu_context->lock). */
    final Mutex mmuContextLock;
    /** gpu->sched_lock. */
    final Mutex schedLock;
    private final Memory memory;
    private final Fences.FenceTimeline fenceContext;
    private final GpuEngine fe;
    /** gpu->completed_fence, written by the interrupt handler. */
    long completedFence;
    /** gpu->hangcheck_fence. */
    long hangcheckFence;
    /** gpu->state == ETNA_GPU_STATE_RUNNING: the front-end idle loop runs. */
    boolean running;
    /** Runtime PM: the core starts suspended; autosuspend is not modelled. */
    private boolean resumed;
    /** Inside etnaviv_gpu_recover_hang(): events completed by the reset signal no fence seqno. */
    private boolean resetting;

    @Inject
    EtnavivGpu(Locks locks, Fences fences, Memory memory, Gpu gpu) {
        this.lock = locks.mutex("etnaviv.gpu.lock");
        this.mmuContextLock = locks.mutex("etnaviv.mmu_context.lock");
        this.schedLock = locks.mutex("etnaviv.gpu.sched_lock");
        this.memory = memory;
        this.fenceContext = fences.timeline("etnaviv-" + CORE); // etnaviv_gpu_bind(): dma_fence_context_alloc(1)
        this.fe = gpu.engine(CORE);
    }

    /** etnaviv_gpu_submit(): the hardware fence, or null (which drm_sched takes as done). */
    DmaFence submit(EtnavivSubmit submit) {
        // event_alloc(): wait_for_completion_timeout(&gpu->event_free, 10 s) for one of
        // ETNA_NR_EVENTS events (never short in the model), then pm_runtime_resume_and_get()
        resume();
        try (Held l = lock.lock()) {
            DmaFence gpuFence = fenceAlloc();
            if (gpuFence == null) {
                return null; // event_free(); goto out_unlock
            }
            if (!running) {
                running = true; // etnaviv_gpu_start_fe_idleloop(gpu, submit->mmu_context)
            }
            submit.gpuFence = gpuFence;
            // irq_handler(): "if (fence_after(fence->seqno, gpu->completed_fence)) gpu->completed_fence = fence->seqno"
            gpuFence.addCallback(f -> {
                if (!resetting) {
                    completedFence = Math.max(completedFence, f.seqno());
                }
            });
            // etnaviv_buffer_queue(): link the command buffer into the ring, the FE fetches it
            fe.submit(new GpuJob(submit.name(), submit.steps(), gpuFence, true));
            return gpuFence;
        }
    }

    // etnaviv_gpu_fence_alloc(): "GPU lock must already be held"; kzalloc(sizeof(*f), GFP_KERNEL)
    private DmaFence fenceAlloc() {
        if (!memory.alloc(Gfp.GFP_KERNEL, 1)) {
            return null;
        }
        return fenceContext.create();
    }

    /** etnaviv_fence_release(): kfree_rcu(). */
    void fenceRelease() {
        memory.free(1);
    }

    // etnaviv_gpu_rpm_resume() -> etnaviv_gpu_hw_resume(): mutex_lock_killable(&gpu->lock),
    // etnaviv_gpu_update_clock(), etnaviv_gpu_hw_init()
    private void resume() {
        if (resumed) {
            return;
        }
        try (Held l = lock.lock()) {
            resumed = true;
        }
    }

    /** etnaviv_gpu_recover_hang(). */
    void recoverHang(EtnavivSubmit submit) {
        // comm = kstrdup(task->comm, GFP_KERNEL); cmd = kstrdup_quotable_cmdline(task, GFP_KERNEL)
        if (memory.alloc(Gfp.GFP_KERNEL, 1)) {
            memory.free(1); // kfree(cmd); kfree(comm)
        }
        // pm_runtime_get_sync(gpu->dev): resumed already
        try (Held l = lock.lock()) {
            // etnaviv_hw_reset(gpu); "complete all events, the GPU won't do it after the reset".
            // The kernel resubmits the jobs (drm_sched_resubmit_jobs()) with new fences; the model
            // cannot, so their hardware fences end with -ECANCELED.
            resetting = true;
            for (GpuJob dropped : fe.reset()) {
                if (dropped.fence() != null) {
                    dropped.fence().signal(Errno.ECANCELED);
                }
            }
            resetting = false;
            running = false; // etnaviv_gpu_hw_init(): ETNA_GPU_STATE_INITIALIZED
        }
    }
}
