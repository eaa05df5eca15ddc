package dev.fencecheck.drivers.i915;

import com.google.inject.Inject;
import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.Held;

/**
 * Kernel source: drivers/gpu/drm/i915/gem/i915_gem_execbuffer.c (v5.8, with the 2020 annotation).
 * The execbuf tail annotated as R2 asks (dma_fence_begin_signalling() at the first
 * dma_resv_add_fence(), dma_fence_end_signalling() after i915_request_add()): the signalling path
 * of the 2020 series' i915 CI run (Patchwork_17864, V12), where i915 paths inside the section
 * allocated and lockdep reported fs_reclaim -> mmu_notifier_invalidate_range_start -> dma_fence_map.
 */
final class ExecbufAnnotated implements ExecbufAnnotation {
    private final Fences fences;

    @Inject
    ExecbufAnnotated(Fences fences) {
        this.fences = fences;
    }

    @Override
    public Held published() {
        return fences.beginSignalling();
    }
}
