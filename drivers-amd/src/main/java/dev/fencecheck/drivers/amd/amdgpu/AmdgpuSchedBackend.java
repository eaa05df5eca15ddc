package dev.fencecheck.drivers.amd.amdgpu;

import com.google.inject.Inject;
import com.google.inject.Provider;
import com.google.inject.Singleton;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Job;
import dev.fencecheck.api.kernel.Memory;
import dev.fencecheck.api.kernel.SchedulerBackend;

/**
 * amdgpu_job.c: {@code amdgpu_sched_ops}, the one backend of every amdgpu ring. Everything here
 * runs in a fence signalling section (the scheduler's run-job work and its timeout work).
 */
@Singleton
final class AmdgpuSchedBackend implements SchedulerBackend {
    private final AmdgpuIds ids;
    private final AmdgpuIb ib;
    private final Memory memory;
    private final Provider<AmdgpuGpuRecover> recover;

    @Inject
    AmdgpuSchedBackend(AmdgpuIds ids, AmdgpuIb ib, Memory memory, Provider<AmdgpuGpuRecover> recover) {
        this.ids = ids;
        this.ib = ib;
        this.memory = memory;
        this.recover = recover;
    }

    /**
     * amdgpu_job_prepare_job() (v5.8: amdgpu_job_dependency()): a job with a VM but no VMID yet
     * grabs one, and waits for the fence amdgpu_vmid_grab() returns when none is idle.
     */
    @Override
    public DmaFence prepareJob(Job job) {
        AmdgpuJob aj = (AmdgpuJob) job;
        if (aj.error == 0 && aj.vm != null && aj.vmid == 0) {
            return ids.grab(aj.vm, aj.ring, aj);
        }
        return null;
    }

    /**
     * amdgpu_job_run(): a job whose preparation failed is skipped (drm_sched then sees
     * ERR_PTR(r) as a hardware fence signalled with that error); otherwise amdgpu_ib_schedule()
     * writes it to the ring and returns its hardware fence.
     */
    @Override
    public DmaFence runJob(Job job) {
        AmdgpuJob aj = (AmdgpuJob) job;
        if (aj.error == 0) {
            aj.error = ib.schedule(aj.ring, aj);
            if (aj.error == 0 && aj.vmid != 0) {
                ids.active(aj);
            }
        }
        if (aj.error != 0) {
            DmaFence failed = aj.ring.fenceContext.create();
            failed.signal(aj.error);
            return failed;
        }
        return aj.hwFence;
    }

    /**
     * amdgpu_job_timedout(): amdgpu_job_core_dump() (amdgpu_coredump() allocates its dump with
     * GFP_NOWAIT), then, ring soft recovery and per-ring reset not being modelled, full recovery
     * with amdgpu_device_gpu_recover().
     */
    @Override
    public void timedoutJob(Job job) {
        AmdgpuJob aj = (AmdgpuJob) job;
        memory.alloc(Gfp.GFP_NOWAIT, 1);
        recover.get().gpuRecover(aj.ring, aj);
    }

    /** amdgpu_job_free_cb(): drm_sched_job_cleanup() and the job with its embedded fence. */
    @Override
    public void freeJob(Job job) {
    }
}
