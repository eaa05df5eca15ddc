package dev.fencecheck.drivers.amd.amdgpu;

import dev.fencecheck.api.kernel.DmaFence;

/**
 * amdgpu_fence.c: amdgpu_fence_emit(): the hardware fence of a job, on the ring's fence context,
 * which the ring's end-of-pipe interrupt (amdgpu_fence_process()) signals. Mainline and v5.8
 * differ in where its memory comes from.
 */
interface AmdgpuFenceEmit {
    /** The job's hardware fence, or null for -ENOMEM. */
    DmaFence emit(AmdgpuRing ring, AmdgpuJob job);
}
