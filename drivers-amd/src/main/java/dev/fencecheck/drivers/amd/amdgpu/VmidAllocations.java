package dev.fencecheck.drivers.amd.amdgpu;

import dev.fencecheck.api.kernel.DmaFence;
import java.util.List;

/**
 * Kernel source: drivers/gpu/drm/amd/amdgpu/amdgpu_ids.c.
 * What amdgpu_vmid_grab() allocates under {@code id_mgr->lock}, in the scheduler's signalling
 * section: the only difference between mainline and v5.8 in that path.
 */
interface VmidAllocations {
    /** amdgpu_vmid_grab_idle(): the array of active fences it scans; false for -ENOMEM. */
    boolean idleScan();

    /** No VMID is idle: the fence to wait for (built from the LRU's busy fences); null for -ENOMEM. */
    DmaFence waitForIdle(List<DmaFence> busy);

    /** amdgpu_sync_fence(&id->active, ...): the amdgpu_sync_entry; false for -ENOMEM. */
    boolean syncEntry();
}
