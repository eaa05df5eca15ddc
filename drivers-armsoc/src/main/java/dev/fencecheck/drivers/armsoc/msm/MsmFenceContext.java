package dev.fencecheck.drivers.armsoc.msm;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Memory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * {@code msm_fence.c}: one fence context per ring ({@code msm_fence_context_alloc()}, "gpu-ring-N"),
 * {@code msm_fence_alloc()} ({@code kzalloc(GFP_KERNEL)}) and {@code msm_fence_init()}.
 */
@Singleton
final class MsmFenceContext {
    private final Memory memory;
    private final Fences.FenceTimeline[] fctx = new Fences.FenceTimeline[MsmDevice.NR_RINGS];

    @Inject
    MsmFenceContext(Fences fences, Memory memory) {
        this.memory = memory;
        for (int i = 0; i < fctx.length; i++) {
            fctx[i] = fences.timeline("gpu-ring-" + i);
        }
    }

    /** msm_fence_alloc(): kzalloc(sizeof(*f), GFP_KERNEL); false for -ENOMEM. */
    boolean alloc() {
        return memory.alloc(Gfp.GFP_KERNEL, 1);
    }

    /** msm_fence_init(): dma_fence_init() with the ring's next seqno; allocates nothing. */
    DmaFence init(int ring) {
        return fctx[ring].create();
    }

    /** The fence's release: kfree(). */
    void free() {
        memory.free(1);
    }

    Fences.FenceTimeline timeline(int ring) {
        return fctx[ring];
    }
}
