package dev.fencecheck.drivers.amd.amdgpu;

import dev.fencecheck.api.kernel.Held;

/**
 * Kernel source: drivers/gpu/drm/amd/display/amdgpu_dm/amdgpu_dm.c.
 * What the display does in a GPU reset: dm_suspend() from amdgpu_device_ip_suspend() before the
 * ASIC reset, and dm_resume() from amdgpu_device_ip_resume() after it, both inside the timeout
 * handler's signalling section. Mainline and v5.8 differ (V10).
 */
interface DmReset {
    /** dm_suspend(); closing the result is dm_resume(). */
    Held suspend();
}
