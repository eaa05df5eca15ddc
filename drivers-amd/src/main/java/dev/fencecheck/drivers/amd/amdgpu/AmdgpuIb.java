package dev.fencecheck.drivers.amd.amdgpu;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.GpuJob;
import dev.fencecheck.api.kernel.Memory;
import dev.fencecheck.drivers.amd.Errno;

/**
 * amdgpu_ib.c: amdgpu_ib_schedule(): amdgpu_ring_alloc() (ring space, no memory), the VM flush
 * for a job whose VMID needs one (amdgpu_vm_flush(), whose job-less fence comes from
 * amdgpu_fence_emit() with GFP_ATOMIC in mainline), the IBs, the job's hardware fence
 * (amdgpu_fence_emit()), and amdgpu_ring_commit(), which rings the doorbell.
 */
@Singleton
final class AmdgpuIb {
    private final AmdgpuFenceEmit fenceEmit;
    private final Memory memory;

    @Inject
    AmdgpuIb(AmdgpuFenceEmit fenceEmit, Memory memory) {
        this.fenceEmit = fenceEmit;
        this.memory = memory;
    }

    /** 0, or the error of a failed schedule (the job's hardware fence is then not emitted). */
    int schedule(AmdgpuRing ring, AmdgpuJob job) {
        // amdgpu_vm_flush(): the flush's own fence, amdgpu_fence_emit(ring, &fence, NULL, 0),
        // is allocated with GFP_ATOMIC since it has no job to be embedded in
        if (job.vmNeedsFlush && !memory.alloc(Gfp.GFP_ATOMIC, 1)) {
            return Errno.ENOMEM;
        }
        DmaFence fence = fenceEmit.emit(ring, job);
        if (fence == null) {
            return Errno.ENOMEM;
        }
        job.hwFence = fence;
        GpuJob hw = new GpuJob(job.name(), job.steps, fence, ring.usesShaders);
        // amdgpu_ring_commit()
        ring.engine.submit(hw);
        return 0;
    }
}
