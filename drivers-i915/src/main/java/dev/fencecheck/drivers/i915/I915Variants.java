package dev.fencecheck.drivers.i915;

import com.google.inject.AbstractModule;
import com.google.inject.Module;

/** The behaviours the historical variants bind over the mainline ones. */
final class I915Variants {
    private I915Variants() {
    }

    /** Mainline: nothing replaced. */
    static Module mainline() {
        return new AbstractModule() {
        };
    }

    /**
     * i915@5.8 (V11): __vma_bind() allocates the page directories inside the dma_fence_work
     * worker, which "drm/i915: Annotate dma_fence_work" made a signalling section.
     */
    static Module fenceWork58() {
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(PageDirectories.class).to(AllocVaRangeInWorker.class);
            }
        };
    }

    /**
     * i915@5.8-execbuf (V12): i915_vma_move_to_active() reserves the shared fence slot
     * (GFP_KERNEL) after earlier objects already carry the request's fence, and the execbuf tail
     * is annotated from that first publication.
     */
    static Module execbuf58() {
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(FenceSlotReservation.class).to(ReserveInMoveToActive.class);
                bind(ExecbufAnnotation.class).to(ExecbufAnnotated.class);
            }
        };
    }
}
