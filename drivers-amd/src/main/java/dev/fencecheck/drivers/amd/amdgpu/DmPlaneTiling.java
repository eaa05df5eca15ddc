package dev.fencecheck.drivers.amd.amdgpu;

/**
 * Kernel source: drivers/gpu/drm/amd/display/amdgpu_dm/amdgpu_dm.c.
 * How amdgpu_dm_commit_planes() reads a plane's tiling and TMZ flags inside the commit tail:
 * the only difference between mainline's and v5.8's commit tail (V6).
 */
interface DmPlaneTiling {
    void readTilingFlags(AmdgpuBo framebuffer);
}
