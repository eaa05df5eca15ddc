package dev.fencecheck.drivers.amd.amdgpu;

import dev.fencecheck.api.kernel.DmaFence;

/**
 * Kernel source: drivers/gpu/drm/amd/amdgpu/amdgpu_fence.c.
 * Mainline amdgpu_fence_emit(): the hardware fence is {@code job->hw_fence}, embedded in the
 * amdgpu_job that amdgpu_job_alloc() allocated in the CS ioctl, long before the fence was
 * published ("drm/amdgpu: Embed hw_fence into amdgpu_job", ~v5.15). Nothing is allocated here.
 */
final class EmbeddedHwFence implements AmdgpuFenceEmit {
    @Override
    public DmaFence emit(AmdgpuRing ring, AmdgpuJob job) {
        return ring.fenceContext.create();
    }
}
