package dev.fencecheck.drivers.amd.amdgpu;

import com.google.inject.Inject;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Memory;
import java.util.List;

/**
 * Kernel source: drivers/gpu/drm/amd/amdgpu/amdgpu_ids.c (v5.8).
 * v5.8 amdgpu_vmid_grab() from amdgpu_job_dependency(): amdgpu_vmid_grab_idle() allocates its
 * fence array with {@code kmalloc_array(..., GFP_KERNEL)} (V2), builds a dma_fence_array
 * (GFP_KERNEL) when no VMID is idle, and amdgpu_sync_fence() takes its entry from
 * {@code kmem_cache_alloc(amdgpu_sync_slab, GFP_KERNEL)} (V3): direct reclaim from the
 * scheduler thread, with id_mgr->lock held.
 */
final class VmidAllocations58 implements VmidAllocations {
    private final Memory memory;

    @Inject
    VmidAllocations58(Memory memory) {
        this.memory = memory;
    }

    @Override
    public boolean idleScan() {
        return memory.alloc(Gfp.GFP_KERNEL, 1);
    }

    @Override
    public DmaFence waitForIdle(List<DmaFence> busy) {
        // dma_fence_array_create(): kzalloc(GFP_KERNEL); the array signals when any fence does,
        // modelled by the least recently used one
        return memory.alloc(Gfp.GFP_KERNEL, 1) ? busy.get(0) : null;
    }

    @Override
    public boolean syncEntry() {
        return memory.alloc(Gfp.GFP_KERNEL, 1);
    }
}
