package dev.fencecheck.drivers.amd.amdgpu;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.GpuEngine;
import dev.fencecheck.api.kernel.GpuScheduler;

/**
 * {@code struct amdgpu_ring} (amdgpu_ring.h): one hardware ring on one engine, its drm_sched
 * scheduler, and its fence driver's context (amdgpu_fence_driver_init_ring(): one fence context
 * per ring, {@code adev->fence_context + ring->idx}).
 */
final class AmdgpuRing {
    final String name;
    final GpuEngine engine;
    final Fences.FenceTimeline fenceContext;
    /** SDMA rings are DMA engines: their jobs take no shader (compute) unit. */
    final boolean usesShaders;
    GpuScheduler sched;
    /** ring->vmid_wait (amdgpu_ids.c): the fence everybody waits for while no VMID is idle. */
    DmaFence vmidWait;

    AmdgpuRing(String name, GpuEngine engine, Fences.FenceTimeline fenceContext, boolean usesShaders) {
        this.name = name;
        this.engine = engine;
        this.fenceContext = fenceContext;
        this.usesShaders = usesShaders;
    }

    @Override
    public String toString() {
        return name;
    }
}
