package dev.fencecheck.drivers.i915;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.driver.Submission.UserptrRange;
import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.Memory;
import dev.fencecheck.api.kernel.Mm;
import dev.fencecheck.api.kernel.MmuIntervalNotifier;
import dev.fencecheck.api.kernel.SpinLock;

/**
 * Userptr objects ({@code gem/i915_gem_userptr.c}, v5.13+): one mmu interval notifier per
 * object; the invalidate callback bumps the sequence under {@code i915->mm.notifier_lock}, drops
 * it, and waits for every fence of the object (except in an exiting process); execbuf pins the
 * pages and revalidates the sequence, and unbinds stale pages on the next submission.
 *
 * <p>{@code notifier_lock} is an rwlock_t (write in the notifier, read in execbuf); the SPI has no
 * rwlock_t, so it is an exclusive spinlock here, which only removes reader concurrency.
 */
@SuppressWarnings("try") // lock holds are try-with-resources, as the kernel code holds them
@Singleton
final class I915GemUserptr {
    /** Pages of the pvec array and sg table a pinned object holds. */
    private static final long PIN_PAGES = 1;

    private final Memory memory;
    private final Mm mm;
    private final I915GemObjects objects;
    private final I915Vma vma;
    private final CurrentTask current;
    private final SpinLock notifierLock;

    @Inject
    I915GemUserptr(Memory memory, Mm mm, Locks locks, I915GemObjects objects, I915Vma vma, CurrentTask current) {
        this.memory = memory;
        this.mm = mm;
        this.objects = objects;
        this.vma = vma;
        this.current = current;
        this.notifierLock = locks.spinlock("i915->mm.notifier_lock");
    }

    /** i915->mm.notifier_lock. */
    SpinLock notifierLock() {
        return notifierLock;
    }

    /**
     * i915_gem_userptr_ioctl(): the object, notifier_seq = ULONG_MAX, and
     * i915_gem_userptr_init__mmu_notifier() -> mmu_interval_notifier_insert() on current->mm.
     */
    I915GemObject ioctl(String name, UserptrRange range) {
        I915GemObject obj = objects.createUserptr(name, range);
        obj.notifierSeq = -1;
        obj.notifier = mm.insertNotifier(range.start(), range.length(),
                (notifier, event, blockable, curSeq) -> invalidate(obj, notifier, blockable, curSeq));
        return obj;
    }

    /**
     * i915_gem_userptr_invalidate(): not blockable -> false; mmu_interval_set_seq() under
     * write_lock(&i915->mm.notifier_lock), which is dropped before the wait; no wait when
     * {@code current->flags & PF_EXITING} ("the object will be cleaned up anyway", and a
     * non-preemptible batch would hang the exiting process); otherwise
     * dma_resv_wait_timeout(obj->base.resv, DMA_RESV_USAGE_BOOKKEEP, false, MAX_SCHEDULE_TIMEOUT).
     * The pages stay pinned and bound: the next execbuf unbinds them.
     */
    private boolean invalidate(I915GemObject obj, MmuIntervalNotifier notifier, boolean blockable, long curSeq) {
        if (!blockable) {
            return false;
        }
        try (Held h = notifierLock.lock()) {
            notifier.setSeq(curSeq);
        }
        if (current.isExiting()) {
            return true;
        }
        obj.resv.waitTimeout(DmaResv.Usage.BOOKKEEP, Long.MAX_VALUE);
        return true;
    }

    /**
     * i915_gem_object_userptr_submit_init(), from eb_lookup_vmas() before any object is locked
     * for the execbuf: if the pinned pages are still valid nothing happens; otherwise the stale
     * ones are unbound (which waits for the GPU) and unpinned, the pages are pinned again with
     * pin_user_pages_fast() (mmap_lock, faults), and the collision check is redone under the
     * object lock. 0, -EAGAIN (userspace restarts), -EFAULT or -ENOMEM.
     */
    int submitInit(I915GemObject obj) {
        long seq = obj.notifier.readBegin();
        // i915_gem_object_lock_interruptible(obj, NULL)
        try (Held h = obj.resv.lock()) {
            if (seq == obj.notifierSeq && obj.pinned) {
                return 0;
            }
            // i915_gem_object_userptr_unbind(): i915_gem_object_unbind(obj, I915_GEM_OBJECT_UNBIND_ACTIVE),
            // then __i915_gem_object_unset_pages() -> i915_gem_userptr_put_pages()
            vma.unbindActive(obj);
            unpin(obj);
        }
        // kvmalloc_array(num_pages, sizeof(struct page *), GFP_KERNEL)
        if (!memory.alloc(Gfp.GFP_KERNEL, PIN_PAGES)) {
            return Errno.ENOMEM;
        }
        // pin_user_pages_fast(obj->userptr.ptr, num_pages, gup_flags, pvec)
        if (!mm.getUserPages(obj.userptr.start(), obj.userptr.length())) {
            memory.free(PIN_PAGES);
            return Errno.EFAULT;
        }
        try (Held h = obj.resv.lock()) {
            if (obj.notifier.readRetry(obj.pinned ? obj.notifierSeq : seq)) {
                memory.free(PIN_PAGES);
                return Errno.EAGAIN;
            }
            if (obj.pinned) {
                // another execbuf pinned them meanwhile: drop ours
                memory.free(PIN_PAGES);
                return 0;
            }
            // obj->userptr.pvec = pvec; notifier_seq; ____i915_gem_object_get_pages() ->
            // i915_gem_userptr_get_pages() builds the sg table from the pinned pages
            obj.pinned = true;
            obj.pinPages = PIN_PAGES;
            obj.notifierSeq = seq;
            obj.hasPages = true;
            return 0;
        }
    }

    // i915_gem_object_userptr_drop_ref(): unpin_user_pages(), kvfree(pvec)
    private void unpin(I915GemObject obj) {
        if (!obj.pinned) {
            return;
        }
        obj.pinned = false;
        obj.hasPages = false;
        memory.free(obj.pinPages);
        obj.pinPages = 0;
    }

    /**
     * i915_gem_object_userptr_submit_done(), from eb_move_to_gpu() under
     * read_lock(&i915->mm.notifier_lock), after the request's fence was added to the objects:
     * -EAGAIN if the notifier ran since the pages were pinned.
     */
    int submitDone(I915GemObject obj) {
        return obj.notifier.readRetry(obj.notifierSeq) ? Errno.EAGAIN : 0;
    }
}
