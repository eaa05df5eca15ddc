package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.lockdep.LockClass;

/** A fence context with its seqnos ({@code dma_fence_context_alloc()} and {@code dma_fence_init()}). */
final class ModelFenceTimeline implements Fences.FenceTimeline {
    private final ModelKernel kernel;
    private final String name;
    private final long context;
    private final LockClass lockClass;
    private long lastSeqno;

    ModelFenceTimeline(ModelKernel kernel, String name, long context, LockClass lockClass) {
        this.kernel = kernel;
        this.name = name;
        this.context = context;
        this.lockClass = lockClass;
    }

    @Override
    public long context() {
        return context;
    }

    @Override
    public String name() {
        return name;
    }

    /** dma-fence.c: dma_fence_init() with the timeline's next seqno and a fresh, unsignalled fence. */
    @Override
    public DmaFence create() {
        ModelFences.setupPoint(kernel, new ModelObjectKey("fence context", context, -1),
                "dma_fence_init(" + name + ")");
        long seqno = ++lastSeqno;
        String fence = name + ":" + seqno;
        return new ModelDmaFence(kernel, fence, name, context, seqno,
                kernel.lockdep().validator().newLock(fence + ".lock", lockClass, true, false));
    }

    @Override
    public String toString() {
        return name + " (context " + context + ")";
    }
}
