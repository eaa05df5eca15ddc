package dev.fencecheck.drivers.i915;

import dev.fencecheck.api.driver.Submission.UserptrRange;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.GpuMapping;
import dev.fencecheck.api.kernel.MmuIntervalNotifier;

/**
 * {@code struct drm_i915_gem_object} ({@code gem/i915_gem_object_types.h}) with its one vma in
 * the client's ppGTT: the reservation object, the backing pages, the bind state, and for a
 * userptr object the interval notifier and the pinned user pages.
 */
final class I915GemObject {
    /** Pages of shmem backing store per object (the model's objects are one page). */
    static final long PAGES = 1;

    final String name;
    /** obj->base.resv. */
    final DmaResv resv;
    /** The user range of a userptr object, null for a shmem object. */
    final UserptrRange userptr;

    /** obj->mm.pages is set. */
    boolean hasPages;
    /** The vma has its PTEs (or a bind work queued to write them). */
    boolean bound;
    /** vma->active's exclusive fence: the dma_fence_work of the last bind. */
    DmaFence bindFence;
    /** Page-directory pages the vma's bind took from the allocator (freed when it is unbound). */
    long pageDirectoryPages;
    /** The fence list of the resv has been allocated (dma_resv_reserve_fences()). */
    boolean fenceSlots;

    /** obj->userptr.notifier. */
    MmuIntervalNotifier notifier;
    /** obj->userptr.notifier_seq: the sequence the pinned pages are valid for (ULONG_MAX: none). */
    long notifierSeq = -1;
    /** obj->userptr.pvec is set: the user pages are pinned (pin_user_pages_fast()). */
    boolean pinned;
    /** Pages of the pvec array and sg table held while the user pages are pinned. */
    long pinPages;
    /** The PTEs the bind work wrote for the pinned user pages. */
    GpuMapping mapping;

    I915GemObject(String name, DmaResv resv, UserptrRange userptr) {
        this.name = name;
        this.resv = resv;
        this.userptr = userptr;
    }

    // i915_gem_object.h: i915_gem_object_is_userptr()
    boolean isUserptr() {
        return userptr != null;
    }

    @Override
    public String toString() {
        return name;
    }
}
