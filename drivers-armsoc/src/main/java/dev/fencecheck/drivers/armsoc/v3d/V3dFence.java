package dev.fencecheck.drivers.armsoc.v3d;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Memory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code v3d_fence.c: v3d_fence_create()}: {@code kzalloc(GFP_KERNEL)} and {@code dma_fence_init()}
 * on the queue's fence context, from run_job.
 */
@Singleton
final class V3dFence {
    private final Memory memory;
    private final Map<V3dQueue, Fences.FenceTimeline> contexts = new EnumMap<>(V3dQueue.class);

    @Inject
    V3dFence(Fences fences, Memory memory) {
        this.memory = memory;
        for (V3dQueue q : V3dQueue.values()) {
            contexts.put(q, fences.timeline("v3d_" + q.engine)); // v3d_queue_sched_init(): dma_fence_context_alloc(1)
        }
    }

    /** Null for ERR_PTR(-ENOMEM). */
    DmaFence create(V3dQueue q) {
        if (!memory.alloc(Gfp.GFP_KERNEL, 1)) {
            return null;
        }
        return contexts.get(q).create();
    }

    void release() {
        memory.free(1);
    }
}
