package dev.fencecheck.drivers.i915;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.Gpu;
import dev.fencecheck.api.kernel.Memory;
import java.util.List;

/**
 * The vma of an object in the client's ppGTT ({@code i915_vma.c}): binding it (its PTEs are
 * written by a dma_fence_work, since gen8 ppGTTs set {@code bind_async_flags}), moving it to a
 * request's active list (which publishes the request's fence), and unbinding it.
 */
@Singleton
final class I915Vma {
    private final Memory memory;
    private final Gpu gpu;
    private final I915SwFenceWork fenceWork;
    private final PageDirectories pageDirectories;
    private final FenceSlotReservation slots;

    @Inject
    I915Vma(Memory memory, Gpu gpu, I915SwFenceWork fenceWork, PageDirectories pageDirectories,
            FenceSlotReservation slots) {
        this.memory = memory;
        this.gpu = gpu;
        this.fenceWork = fenceWork;
        this.pageDirectories = pageDirectories;
        this.slots = slots;
    }

    /**
     * i915_vma_pin_ww() -> i915_vma_bind(), from eb_validate_vmas() under the object's lock: the
     * page directories, then the bind work, which awaits the previous one (the exclusive fence of
     * vma->active) and becomes the new one. 0 or a negative errno.
     */
    int bind(I915GemObject obj) {
        long pd = pageDirectories.preallocate();
        if (pd < 0) {
            return (int) pd;
        }
        obj.pageDirectoryPages += pd;
        // i915_vma.c: i915_vma_work() kzalloc()s the item; the model's workqueue accounts it in its
        // drm_sched_job_init()
        long seq = obj.notifierSeq;
        obj.bindFence = fenceWork.commit("bind " + obj.name,
                obj.bindFence == null ? List.of() : List.of(obj.bindFence), () -> vmaBind(obj, seq));
        obj.bound = true;
        return 0;
    }

    // i915_vma.c: __vma_bind() -> vma->ops->bind_vma(): the page directories and the PTEs
    private int vmaBind(I915GemObject obj, long seq) {
        long pd = pageDirectories.allocateInWorker();
        if (pd < 0) {
            return (int) pd;
        }
        obj.pageDirectoryPages += pd;
        if (obj.isUserptr()) {
            // gen8_ppgtt_insert(): the PTEs point at the user pages pinned under notifier_seq
            obj.mapping = gpu.mapUserptr(obj.notifier, seq);
        }
        return 0;
    }

    /**
     * _i915_vma_move_to_active() from eb_move_to_gpu(): the request waits for the bind
     * (__i915_request_await_bind(): "Wait for the vma to be bound before we start!"), then its
     * fence goes into the object's reservation object, where everyone can see it. The batch only
     * reads the object (no EXEC_OBJECT_WRITE): DMA_RESV_USAGE_READ.
     */
    int moveToActive(I915GemObject obj, I915Request rq) {
        if (obj.bindFence != null) {
            int err = rq.awaitDmaFence(obj.bindFence);
            if (err != 0) {
                return err;
            }
        }
        int err = slots.inMoveToActive(obj);
        if (err != 0) {
            return err;
        }
        obj.resv.addFence(rq.fence(), DmaResv.Usage.READ);
        return 0;
    }

    /**
     * i915_gem_object_unbind(obj, I915_GEM_OBJECT_UNBIND_ACTIVE) -> i915_vma_unbind(): wait, then
     * clear the PTEs. The caller holds the object's lock.
     */
    void unbindActive(I915GemObject obj) {
        if (!obj.bound) {
            return;
        }
        sync(obj);
        unbindIdle(obj);
    }

    /** i915_vma_sync(): wait for the bind and for every request using the vma. */
    void sync(I915GemObject obj) {
        if (obj.bindFence != null) {
            obj.bindFence.await();
        }
        obj.resv.waitTimeout(DmaResv.Usage.BOOKKEEP, Long.MAX_VALUE);
    }

    /** __i915_vma_unbind() of an idle vma: clear the PTEs, free the page directories. */
    void unbindIdle(I915GemObject obj) {
        if (obj.mapping != null) {
            obj.mapping.invalidate();
            obj.mapping = null;
        }
        if (obj.pageDirectoryPages > 0) {
            memory.free(obj.pageDirectoryPages);
            obj.pageDirectoryPages = 0;
        }
        obj.bound = false;
    }
}
