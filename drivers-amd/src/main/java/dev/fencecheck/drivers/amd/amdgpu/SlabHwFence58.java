package dev.fencecheck.drivers.amd.amdgpu;

import com.google.inject.Inject;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Memory;

/**
 * Kernel source: drivers/gpu/drm/amd/amdgpu/amdgpu_fence.c (v5.8).
 * v5.8 amdgpu_fence_emit(): {@code kmem_cache_alloc(amdgpu_fence_slab, GFP_KERNEL)} from run_job,
 * inside the scheduler's signalling section: the allocation may enter direct reclaim, whose
 * shrinkers and mmu notifiers may wait for the very fences this ring signals (V1).
 */
final class SlabHwFence58 implements AmdgpuFenceEmit {
    private final Memory memory;

    @Inject
    SlabHwFence58(Memory memory) {
        this.memory = memory;
    }

    @Override
    public DmaFence emit(AmdgpuRing ring, AmdgpuJob job) {
        if (!memory.alloc(Gfp.GFP_KERNEL, 1)) {
            return null;
        }
        return ring.fenceContext.create();
    }
}
