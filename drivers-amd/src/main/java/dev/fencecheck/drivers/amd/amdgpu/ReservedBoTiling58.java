package dev.fencecheck.drivers.amd.amdgpu;

import dev.fencecheck.api.kernel.Held;

/**
 * Kernel source: drivers/gpu/drm/amd/display/amdgpu_dm/amdgpu_dm.c (v5.8).
 * v5.8 amdgpu_dm_commit_planes(): {@code amdgpu_bo_reserve(abo, true)} (dma_resv_lock) to call
 * amdgpu_bo_get_tiling_flags() and amdgpu_bo_encrypted(), inside the commit tail, where the
 * commit's out-fences are already published (V6).
 */
@SuppressWarnings("try") // lock holds and sections are try-with-resources, as the kernel holds them
final class ReservedBoTiling58 implements DmPlaneTiling {
    @Override
    public void readTilingFlags(AmdgpuBo framebuffer) {
        try (Held reserved = framebuffer.resv.lock()) {
            // amdgpu_bo_get_tiling_flags(abo, &tiling_flags); tmz_surface = amdgpu_bo_encrypted(abo);
        }
    }
}
