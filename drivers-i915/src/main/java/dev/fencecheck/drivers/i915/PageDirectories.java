package dev.fencecheck.drivers.i915;

/**
 * Where a vma bind gets the ppGTT page directories it needs ({@code i915_vma.c},
 * {@code gt/gen8_ppgtt.c}): before the bind work is queued (a stash, mainline) or inside the
 * dma_fence_work that writes the PTEs (v5.8). The difference is V11 of the 2020 annotations.
 */
interface PageDirectories {
    /** In i915_vma_pin_ww(), from the ioctl, before any fence is published: pages taken, or -ENOMEM. */
    long preallocate();

    /** In the bind work's __vma_bind(), inside the work's signalling section: pages taken, or -ENOMEM. */
    long allocateInWorker();
}
