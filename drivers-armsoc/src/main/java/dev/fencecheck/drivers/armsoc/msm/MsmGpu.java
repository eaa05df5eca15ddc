package dev.fencecheck.drivers.armsoc.msm;

import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.GpuJob;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Memory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code msm_gpu.c}: {@code msm_gpu_submit()}, runtime resume, hang recovery
 * ({@code recover_worker()}) and retirement.
 */
@SuppressWarnings("try") // lock holds are try-with-resources whose body does not name them
@Singleton
final class MsmGpu {
    private final MsmDevice dev;
    private final MsmPm pm;
    private final Memory memory;

    @Inject
    MsmGpu(MsmDevice dev, MsmPm pm, Memory memory) {
        this.dev = dev;
        this.pm = pm;
        this.memory = memory;
    }

    /** pm_runtime_get_sync(&gpu->pdev->dev): the first one resumes the GPU (msm_gpu_pm_resume()). */
    void resume() {
        if (dev.suspended) {
            pm.resume();
            dev.suspended = false;
            dev.needsHwInit = true; // msm_gpu_pm_resume(): gpu->needs_hw_init = true
        }
    }

    /** msm_gpu_submit(), gpu->lock held. */
    void submit(MsmSubmit submit) {
        // msm_gpu_hw_init(gpu)
        if (dev.needsHwInit) {
            pm.hwInit();
            dev.needsHwInit = false;
        }
        // "ring->submits holds a ref to the submit"
        try (Held l = dev.submitLock.lockIrqsave()) {
            // list_add_tail(&submit->node, &ring->submits)
        }
        // "Update devfreq on transition from idle->busy"
        try (Held l = dev.activeLock.lock()) {
            if (dev.activeSubmits == 0) {
                pm.devfreqActive();
            }
            dev.activeSubmits++;
        }
        // gpu->funcs->submit(gpu, submit): a5xx_submit() writes the IBs to the ring, a5xx_flush()
        // updates the write pointer (and a5xx_preempt_trigger(), not modelled: see A5xxPreempt)
        dev.engine(submit.ring).submit(new GpuJob(submit.name(), submit.steps(), submit.hwFence, true));
    }

    /** retire_submit(): the idle transition. */
    void retire() {
        try (Held l = dev.activeLock.lock()) {
            if (dev.activeSubmits > 0) {
                dev.activeSubmits--;
            }
        }
    }

    /**
     * hangcheck_handler() found no progress on the submit's ring: recover_worker(). The hung
     * submit's fence is completed (its ring's fence is advanced past it) and every other submit
     * still on a ring is written to it again after a5xx_recover() reset the GPU.
     */
    void recover(MsmSubmit hung) {
        try (Held l = dev.gpuLock.lock()) {
            // find_submit(cur_ring, fence + 1): "If the submit retired while we were waiting for
            // the worker to run, or waiting to acquire the gpu lock, then nothing more to do."
            if (hung.hwFence == null || hung.hwFence.isSignaled()) {
                return;
            }
            // get_comm_cmdline(): kstrdup(task->comm, GFP_KERNEL), kstrdup_quotable_cmdline(task,
            // GFP_KERNEL); msm_gpu_crashstate_capture(): gpu->funcs->gpu_state_get() kzalloc()s the
            // state (GFP_KERNEL) and kstrdup()s comm and cmd again
            if (memory.alloc(Gfp.GFP_KERNEL, 1)) {
                memory.free(1); // devcoredump frees it later; kfree(cmd); kfree(comm)
            }
            // pm_runtime_get_sync(): already resumed
            // msm_update_fence(): the hung submit's fence is signalled, the others' stay pending
            List<List<GpuJob>> replay = new ArrayList<>();
            for (int i = 0; i < MsmDevice.NR_RINGS; i++) {
                List<GpuJob> ring = new ArrayList<>();
                for (GpuJob dropped : dev.engine(i).reset()) { // gpu->funcs->recover(gpu): a5xx_recover()
                    if (dropped.fence() == hung.hwFence) {
                        dropped.fence().signal();
                    } else {
                        ring.add(dropped);
                    }
                }
                replay.add(ring);
            }
            // "Replay all remaining submits starting with highest priority ring"
            for (int i = 0; i < MsmDevice.NR_RINGS; i++) {
                for (GpuJob job : replay.get(i)) {
                    dev.engine(i).submit(job);
                }
            }
        }
        // msm_gpu_retire(gpu)
    }
}
