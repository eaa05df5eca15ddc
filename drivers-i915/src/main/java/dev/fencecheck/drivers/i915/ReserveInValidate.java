package dev.fencecheck.drivers.i915;

import com.google.inject.Inject;
import dev.fencecheck.api.kernel.Memory;

/**
 * Mainline: eb_validate_vmas() calls dma_resv_reserve_fences(vma->obj->base.resv, ...) and
 * eb_move_to_gpu() passes __EXEC_OBJECT_NO_RESERVE ("do not reserve memory to prevent deadlocks")
 * to _i915_vma_move_to_active() ({@code gem/i915_gem_execbuffer.c}, {@code i915_vma.c}).
 */
final class ReserveInValidate implements FenceSlotReservation {
    private final Memory memory;

    @Inject
    ReserveInValidate(Memory memory) {
        this.memory = memory;
    }

    @Override
    public int beforePublish(I915GemObject obj) {
        return FenceSlotReservation.reserve(memory, obj);
    }

    @Override
    public int inMoveToActive(I915GemObject obj) {
        return 0;
    }
}
