package dev.fencecheck.drivers.i915;

import com.google.inject.Inject;
import dev.fencecheck.api.kernel.Memory;

/**
 * v5.8: i915_vma_move_to_active() on an object the batch only reads calls
 * dma_resv_reserve_shared(vma->resv, 1) (a GFP_KERNEL krealloc of the shared fence list) just
 * before dma_resv_add_shared_fence(), while eb_move_to_gpu() has already added the request's
 * fence to the objects after it in the exec list ({@code i915_vma.c}, v5.8).
 */
final class ReserveInMoveToActive implements FenceSlotReservation {
    private final Memory memory;

    @Inject
    ReserveInMoveToActive(Memory memory) {
        this.memory = memory;
    }

    @Override
    public int beforePublish(I915GemObject obj) {
        return 0;
    }

    @Override
    public int inMoveToActive(I915GemObject obj) {
        return FenceSlotReservation.reserve(memory, obj);
    }
}
