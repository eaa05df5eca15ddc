package dev.fencecheck.drivers.armsoc.lima;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Memory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code lima_sched.c: lima_fence_create()}: {@code kmem_cache_zalloc(lima_fence_slab, GFP_KERNEL)}
 * and {@code dma_fence_init()} on the pipe's fence context, from run_job.
 */
@Singleton
final class LimaFence {
    private final Memory memory;
    private final Map<LimaPipe, Fences.FenceTimeline> contexts = new EnumMap<>(LimaPipe.class);

    @Inject
    LimaFence(Fences fences, Memory memory) {
        this.memory = memory;
        for (LimaPipe p : LimaPipe.values()) {
            contexts.put(p, fences.timeline("lima-" + p.engine)); // lima_sched_pipe_init()
        }
    }

    DmaFence create(LimaPipe pipe) {
        if (!memory.alloc(Gfp.GFP_KERNEL, 1)) {
            return null;
        }
        return contexts.get(pipe).create();
    }

    /** lima_fence_release() -> kmem_cache_free(). */
    void release() {
        memory.free(1);
    }
}
