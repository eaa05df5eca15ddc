package dev.fencecheck.drivers.nouveau;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.GpuJob;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Memory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * nouveau_fence.c: fences emitted on a channel after its work, signalled by
 * nouveau_fence_update() from the channel's non-stall interrupt (in the model, the GPU's
 * end-of-job interrupt), the lazy wait, and implicit synchronisation with the fences of a
 * buffer's reservation object.
 */
@Singleton
final class NouveauFence {
    /** errno.h */
    static final int ENOMEM = -12;
    static final int EBUSY = -16;

    /** HZ of the modelled kernel: one model tick per jiffy. */
    static final long HZ = 250;

    private final Memory memory;
    /** fence->channel of every fence emitted (nouveau_local_fence()). */
    private final Map<DmaFence, NouveauChannel> emitted = new IdentityHashMap<>();
    /** The channel each job on the hardware was pushed by (the instance in a fault entry). */
    private final Map<GpuJob, NouveauChannel> jobs = new IdentityHashMap<>();
    /** Reservation objects whose fence list was already allocated. */
    private final Set<DmaResv> reserved = Collections.newSetFromMap(new IdentityHashMap<>());

    @Inject
    NouveauFence(Memory memory) {
        this.memory = memory;
    }

    /**
     * nouveau_fence_new(): nouveau_fence_create() allocates the fence with
     * {@code kzalloc(GFP_KERNEL)}, then nouveau_fence_emit() initialises it with the channel's
     * next seqno, writes the release after the work already on the ring (fctx->emit) and puts it
     * on {@code fctx->pending} under {@code fctx->lock}. Returns null on -ENOMEM. The model
     * writes the work and its fence to the ring in one step.
     */
    DmaFence fenceNew(NouveauChannel chan, String job, List<GpuStep> steps) {
        if (!memory.alloc(Gfp.GFP_KERNEL, 1)) {
            return null;
        }
        DmaFence fence = chan.timeline().create();
        GpuJob gpuJob = new GpuJob(job, steps, fence, chan.needsComputeUnit());
        jobs.put(gpuJob, chan);
        emitted.put(fence, chan);
        chan.engine().submit(gpuJob);
        try (Held lock = chan.fenceLock().lockIrqsave()) {
            // nouveau_fence_update(); list_add_tail(&fence->head, &fctx->pending)
        }
        return fence;
    }

    /** The channel that pushed a job (the fault buffer entry's instance), or null. */
    NouveauChannel channelOf(GpuJob job) {
        return jobs.get(job);
    }

    /**
     * nouveau_fence_wait(fence, lazy = true, intr): dma_fence_wait_timeout(15 * HZ); -EBUSY
     * when it times out.
     */
    int waitLazy(DmaFence fence) {
        return fence.waitTimeout(15 * HZ) == 0 ? EBUSY : 0;
    }

    /**
     * nouveau_fence_sync(nvbo, chan, exclusive, intr = true): reserve a fence slot, then wait
     * for the buffer's fences before the channel may use it. The model treats every buffer as
     * written (exclusive: readers and writers). Returns 0 or -ENOMEM.
     */
    int sync(DmaResv resv, NouveauChannel chan) {
        // dma_resv_reserve_fences(resv, 1): the fence list is allocated (kmalloc, GFP_KERNEL) when
        // it has no free slot; the model allocates it the first time only.
        if (!reserved.contains(resv)) {
            if (!memory.alloc(Gfp.GFP_KERNEL, 1)) {
                return ENOMEM;
            }
            reserved.add(resv);
        }
        // dma_resv_for_each_fence(..., dma_resv_usage_rw(exclusive)): readers and writers
        for (DmaFence fence : resv.fences(DmaResv.Usage.READ)) {
            syncFence(fence, chan);
        }
        return 0;
    }

    /**
     * One fence found by nouveau_fence_sync(). A fence of the same channel needs nothing; one of
     * another nouveau channel is synchronised by the GPU (fctx->sync(): a semaphore acquire on
     * the channel's ring), which the model gets for free on the same engine from the ring order
     * and approximates with a CPU wait across engines; any other fence is waited for with
     * dma_fence_wait(fence, intr).
     */
    void syncFence(DmaFence fence, NouveauChannel chan) {
        NouveauChannel prev = emitted.get(fence);
        if (prev != null && (prev == chan || prev.engine() == chan.engine())) {
            return;
        }
        fence.await();
    }
}
