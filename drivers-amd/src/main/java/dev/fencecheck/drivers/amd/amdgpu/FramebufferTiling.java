package dev.fencecheck.drivers.amd.amdgpu;

/**
 * Kernel source: drivers/gpu/drm/amd/display/amdgpu_dm/amdgpu_dm.c, drivers/gpu/drm/amd/amdgpu/amdgpu_display.c.
 * Mainline: the tiling flags are stored in the amdgpu_framebuffer at addfb time
 * (6eed95b00b45 "drm/amd/display: Store tiling_flags in the framebuffer", v5.11); the commit tail
 * reads {@code afb->tiling_flags} and takes no lock.
 */
final class FramebufferTiling implements DmPlaneTiling {
    @Override
    public void readTilingFlags(AmdgpuBo framebuffer) {
    }
}
