package dev.fencecheck.drivers.amd.amdgpu;

import com.google.inject.Inject;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Memory;
import java.util.List;

/**
 * Mainline: "drm/amdgpu: use GFP_NOWAIT for memory allocations" (Christian König, Feb 2025) made
 * the sync entry GFP_NOWAIT, and "drm/amdgpu: avoid memory allocation in the critical code path"
 * (Nov 2025) replaced the fence array by the first busy fence of the least recently used VMID.
 * (The exact merge releases are unverified.)
 */
final class VmidAllocationsMainline implements VmidAllocations {
    private final Memory memory;

    @Inject
    VmidAllocationsMainline(Memory memory) {
        this.memory = memory;
    }

    @Override
    public boolean idleScan() {
        return true;
    }

    @Override
    public DmaFence waitForIdle(List<DmaFence> busy) {
        return busy.get(0);
    }

    @Override
    public boolean syncEntry() {
        // amdgpu_sync.c: amdgpu_sync_fence(..., GFP_NOWAIT): no direct reclaim, may fail
        return memory.alloc(Gfp.GFP_NOWAIT, 1);
    }
}
