package dev.fencecheck.drivers.amd.amdgpu;

import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.kernel.GpuScheduler;

/**
 * amdgpu_ctx.c: a userspace context ({@code struct amdgpu_ctx}) and, for the ring it submits to,
 * its scheduler entity (amdgpu_ctx_init_entity() -> drm_sched_entity_init()).
 */
final class AmdgpuCtx {
    final GpuContext context;
    final AmdgpuRing ring;
    final GpuScheduler.Entity entity;
    private long submissions;

    AmdgpuCtx(GpuContext context, AmdgpuRing ring, GpuScheduler.Entity entity) {
        this.context = context;
        this.ring = ring;
        this.entity = entity;
    }

    /** amdgpu_ctx_add_fence(): the sequence number userspace gets back for the submission. */
    long nextSeq() {
        return ++submissions;
    }
}
