package dev.fencecheck.drivers.amd.amdgpu;

/**
 * How amdgpu_dm_commit_planes() reads a plane's tiling and TMZ flags inside the commit tail:
 * the only difference between mainline's and v5.8's commit tail (V6).
 */
interface DmPlaneTiling {
    void readTilingFlags(AmdgpuBo framebuffer);
}
