package dev.fencecheck.drivers.i915;

import com.google.inject.Inject;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Memory;

/**
 * Mainline: i915_vma_pin_ww() calls i915_vm_alloc_pt_stash() (GFP_KERNEL page-table pages) in
 * the ioctl, and __vma_bind() builds the page directories from that stash ({@code i915_vma.c},
 * "drm/i915/gt: Preallocate stashes for vma page-directories", v5.10).
 */
final class PtStash implements PageDirectories {
    private final Memory memory;

    @Inject
    PtStash(Memory memory) {
        this.memory = memory;
    }

    // intel_gtt.c: i915_vm_alloc_pt_stash() -> alloc_pt(vm, GFP_KERNEL)
    @Override
    public long preallocate() {
        return memory.alloc(Gfp.GFP_KERNEL, 1) ? 1 : Errno.ENOMEM;
    }

    // i915_vma.c: __vma_bind() -> vma_res->ops->bind_vma(vm, &vw->stash, ...): no allocation
    @Override
    public long allocateInWorker() {
        return 0;
    }
}
