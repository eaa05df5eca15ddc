package dev.fencecheck.drivers.i915;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.api.kernel.Job;
import dev.fencecheck.api.kernel.Memory;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct i915_request} ({@code i915_request.c}) as a job of the engine's scheduler. Its
 * {@code submit} i915_sw_fence holds the request back until i915_request_add() commits it, so it
 * is the first dependency; the fences it awaits follow. {@code rq->fence} is the finished fence
 * the scheduler gives it when it is created, since the model publishes what the scheduler arms.
 */
final class I915Request implements Job {
    private final Memory memory;
    private final I915GemContext context;
    private final String name;
    private final List<GpuStep> payload;
    /** rq->submit: signalled by i915_sw_fence_commit() in __i915_request_queue(). */
    private final DmaFence submit;
    /** The fences rq->submit awaits (i915_sw_fence_await_dma_fence(), i915_sched_node_add_dependency()). */
    private final List<DmaFence> awaits = new ArrayList<>();
    /** rq->fence. */
    private DmaFence fence;
    /** The breadcrumb the engine writes after the payload, set when the request is submitted. */
    DmaFence breadcrumb;
    /** rq->fence.error, set before the fence signals. */
    private int error;
    /** eb_request_submit() emitted MI_BATCH_BUFFER_START: without it the request is only a breadcrumb. */
    private boolean batchEmitted;
    /** Slab pages the request holds (the request itself, its dependency nodes and callbacks). */
    private long slabPages;

    private I915Request(Memory memory, I915GemContext context, String name, List<GpuStep> payload, DmaFence submit) {
        this.memory = memory;
        this.context = context;
        this.name = name;
        this.payload = List.copyOf(payload);
        this.submit = submit;
    }

    /**
     * i915_request_create() -> __i915_request_create(ce, GFP_KERNEL): the request comes from
     * slab_requests (GFP_KERNEL | __GFP_RETRY_MAYFAIL) and joins the context's timeline, whose
     * mutex the caller holds until i915_request_add(). Null on -ENOMEM.
     */
    static I915Request create(Memory memory, I915GemContext context, List<GpuStep> payload) {
        if (!memory.alloc(Gfp.GFP_KERNEL, 1)) {
            return null;
        }
        I915Request rq = new I915Request(memory, context, context.nextRequestName(), payload,
                context.submitTimeline().create());
        rq.slabPages = 1;
        rq.fence = context.entity().submit(rq);
        return rq;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<DmaFence> dependencies() {
        List<DmaFence> deps = new ArrayList<>(1 + awaits.size());
        deps.add(submit);
        deps.addAll(awaits);
        return deps;
    }

    DmaFence fence() {
        return fence;
    }

    List<GpuStep> payload() {
        return payload;
    }

    I915GemContext context() {
        return context;
    }

    /**
     * i915_request_await_dma_fence(): nothing to do for a signalled fence or one of the request's
     * own timeline; otherwise the wait is a callback on rq->submit, kmalloc()ed with
     * I915_FENCE_GFP (GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN) by
     * i915_sw_fence_await_dma_fence() (or i915_dependency_alloc() for another i915 request).
     * Without memory, a blocking gfp falls back to dma_fence_wait() right here.
     */
    int awaitDmaFence(DmaFence dep) {
        if (dep.isSignaled()) {
            return 0;
        }
        if (dep.context() == fence.context()) {
            return 0;
        }
        if (memory.alloc(Gfp.GFP_KERNEL, 1)) {
            slabPages++;
            awaits.add(dep);
            return 0;
        }
        dep.await();
        return 0;
    }

    /**
     * i915_request_await_object() for a read: the writers of the object
     * (dma_resv_usage_rw(false) = DMA_RESV_USAGE_WRITE).
     */
    int awaitObject(I915GemObject obj) {
        for (DmaFence f : obj.resv.fences(DmaResv.Usage.WRITE)) {
            int err = awaitDmaFence(f);
            if (err != 0) {
                return err;
            }
        }
        return 0;
    }

    /** eb_request_submit(): emit_init_breadcrumb() and emit_bb_start() put the batch on the ring. */
    void emitBatch() {
        batchEmitted = true;
    }

    boolean batchEmitted() {
        return batchEmitted;
    }

    // i915_request.c: fatal_error(): -EAGAIN (an innocent victim of a reset) and -ETIMEDOUT are not
    private static boolean fatal(int error) {
        return error != 0 && error != Errno.EAGAIN && error != Errno.ETIMEDOUT;
    }

    /** i915_request_set_error_once(): false if the request already has a fatal error. */
    boolean setErrorOnce(int err) {
        if (fatal(error)) {
            return false;
        }
        error = err;
        return true;
    }

    int error() {
        return error;
    }

    /** __i915_request_submit(): a fatal error skips the payload (__i915_request_skip()). */
    boolean fatalError() {
        return fatal(error);
    }

    /** i915_request_add() -> __i915_request_commit() + __i915_request_queue(): i915_sw_fence_commit(&rq->submit). */
    void add() {
        submit.signal();
    }

    /** i915_request_retire(): the dependency nodes, callbacks and the request go back to their slabs. */
    void retire() {
        if (slabPages > 0) {
            memory.free(slabPages);
            slabPages = 0;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
