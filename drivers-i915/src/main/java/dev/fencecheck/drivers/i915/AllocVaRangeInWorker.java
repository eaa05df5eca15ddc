package dev.fencecheck.drivers.i915;

import com.google.inject.Inject;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Memory;

/**
 * v5.8: __vma_bind() calls vma->ops->bind_vma() with I915_VMA_ALLOC, and ppgtt_bind_vma() calls
 * vm->allocate_va_range() = gen8_ppgtt_alloc(), which allocates page tables and directories
 * (alloc_pd()/alloc_pt(): kmalloc and vm_alloc_page() with GFP_KERNEL | __GFP_RETRY_MAYFAIL)
 * inside the dma_fence_work worker: "i915 does tons of allocations from this worker" (V11).
 */
final class AllocVaRangeInWorker implements PageDirectories {
    private final Memory memory;

    @Inject
    AllocVaRangeInWorker(Memory memory) {
        this.memory = memory;
    }

    @Override
    public long preallocate() {
        return 0;
    }

    // gt/gen8_ppgtt.c (v5.8): gen8_ppgtt_alloc() -> __gen8_ppgtt_alloc() -> alloc_pt()
    @Override
    public long allocateInWorker() {
        return memory.alloc(Gfp.GFP_KERNEL, 1) ? 1 : Errno.ENOMEM;
    }
}
