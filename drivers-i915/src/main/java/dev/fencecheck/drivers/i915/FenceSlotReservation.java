package dev.fencecheck.drivers.i915;

import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Memory;

/**
 * When execbuf reserves the dma_resv fence slot a request's fence goes into. Growing the fence
 * list is a GFP_KERNEL krealloc (dma-resv.c: dma_resv_reserve_fences()). Mainline reserves in
 * eb_validate_vmas(), before any fence of the execbuf is published; v5.8 reserved in
 * i915_vma_move_to_active() (dma_resv_reserve_shared()), after the fences of the objects handled
 * before were already in their reservation objects.
 */
interface FenceSlotReservation {
    /** eb_validate_vmas(), under the object's lock: 0 or -ENOMEM. */
    int beforePublish(I915GemObject obj);

    /** i915_vma_move_to_active(), right before dma_resv_add_fence(): 0 or -ENOMEM. */
    int inMoveToActive(I915GemObject obj);

    // dma-resv.c: dma_resv_reserve_fences(): a new fence list only when there is no free slot;
    // the model's lists start empty and, once allocated, keep a slot for the next fence
    static int reserve(Memory memory, I915GemObject obj) {
        if (obj.fenceSlots) {
            return 0;
        }
        if (!memory.alloc(Gfp.GFP_KERNEL, 1)) {
            return Errno.ENOMEM;
        }
        obj.fenceSlots = true;
        return 0;
    }
}
