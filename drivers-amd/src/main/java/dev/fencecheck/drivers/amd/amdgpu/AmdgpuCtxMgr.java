package dev.fencecheck.drivers.amd.amdgpu;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.driver.GpuContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * amdgpu_ctx.c: {@code struct amdgpu_ctx_mgr} of the drm file: amdgpu_ctx_ioctl()
 * (AMDGPU_CTX_OP_ALLOC_CTX) and the lookup by handle of amdgpu_ctx_get().
 */
@Singleton
final class AmdgpuCtxMgr {
    private final AmdgpuRings rings;
    private final Map<GpuContext, AmdgpuCtx> contexts = new LinkedHashMap<>();

    @Inject
    AmdgpuCtxMgr(AmdgpuRings rings) {
        this.rings = rings;
    }

    /**
     * amdgpu_ctx_alloc() and amdgpu_ctx_init_entity(): the entity is created on the ring of the
     * context's engine. It creates no lock and takes none, so that it also works while a model
     * is set up.
     */
    AmdgpuCtx open(GpuContext context) {
        AmdgpuCtx ctx = contexts.get(context);
        if (ctx == null) {
            AmdgpuRing ring = rings.ring(context.engine());
            ctx = new AmdgpuCtx(context, ring, ring.sched.createEntity(context.name()));
            contexts.put(context, ctx);
        }
        return ctx;
    }
}
