package dev.fencecheck.drivers.armsoc.panfrost;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Memory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * {@code panfrost_job.c}: the hardware fences of the job slots, one fence context per slot
 * (panfrost_job_init(): dma_fence_context_alloc(1)) and {@code panfrost_fence_create()}, which
 * allocates each fence with {@code kzalloc(GFP_KERNEL)} from run_job.
 */
@Singleton
final class PanfrostFence {
    private final Memory memory;
    private final Fences.FenceTimeline[] timelines = new Fences.FenceTimeline[2];

    @Inject
    PanfrostFence(Fences fences, Memory memory) {
        this.memory = memory;
        for (int js = 0; js < timelines.length; js++) {
            timelines[js] = fences.timeline("panfrost-js-" + js);
        }
    }

    /** panfrost_fence_create(): null for -ENOMEM. */
    DmaFence create(int slot) {
        // fence = kzalloc(sizeof(*fence), GFP_KERNEL): a reclaiming allocation inside run_job
        if (!memory.alloc(Gfp.GFP_KERNEL, 1)) {
            return null;
        }
        // dma_fence_init(&fence->base, &panfrost_fence_ops, &js->job_lock, fence_context, ++emit_seqno)
        return timelines[slot].create();
    }

    /** panfrost_fence_ops has no .release: dma_fence_free() kfree()s it on the last put. */
    void release() {
        memory.free(1);
    }

    Fences.FenceTimeline timeline(int slot) {
        return timelines[slot];
    }
}
