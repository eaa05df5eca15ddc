package dev.fencecheck.drivers.armsoc.etnaviv;

import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.Mm;
import dev.fencecheck.api.kernel.Reservations;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * {@code etnaviv_gem.c}: userptr objects ({@code etnaviv_gem_new_userptr()},
 * {@code etnaviv_gem_userptr_ops}). Their pages are pinned the first time a submission maps the
 * object ({@code etnaviv_gem_userptr_get_pages()}: {@code pin_user_pages_fast(FOLL_WRITE |
 * FOLL_FORCE | FOLL_LONGTERM)}) and stay pinned until the object is freed: there is no mmu
 * notifier, so an munmap never waits for the GPU, and the GPU keeps accessing the pinned pages,
 * which the kernel cannot free while they are pinned.
 */
@Singleton
final class EtnavivGemUserptr {
    private static final long PAGE = 4096;

    private final Locks locks;
    private final Reservations reservations;
    private final Mm mm;

    @Inject
    EtnavivGemUserptr(Locks locks, Reservations reservations, Mm mm) {
        this.locks = locks;
        this.reservations = reservations;
        this.mm = mm;
    }

    /** etnaviv_gem_new_userptr(): the object only; no page is touched yet. */
    EtnavivGemObject create(String name, Submission.UserptrRange range) {
        // etnaviv_gem_new_impl(): kzalloc(sizeof(*etnaviv_obj), GFP_KERNEL) with no lock held: not modelled
        long pages = (range.length() + PAGE - 1) / PAGE;
        // lockdep_set_class(&etnaviv_obj->lock, &etnaviv_userptr_lock_class)
        return new EtnavivGemObject(name, reservations.create(name), pages,
                locks.mutex("etnaviv_userptr_lock_class"), range);
    }

    /** etnaviv_gem_userptr_get_pages(), with etnaviv_obj->lock held: false for -EFAULT/-ENOMEM. */
    boolean getPages(EtnavivGemObject obj) {
        if (obj.pagesPinned) {
            return true;
        }
        // might_lock_read(&current->mm->mmap_lock); "if (userptr->mm != current->mm) return -EPERM"
        // pvec = kvmalloc_array(npages, sizeof(struct page *), GFP_KERNEL): obj->lock -> fs_reclaim,
        // which the faulting-in below records as well
        // pin_user_pages_fast(ptr, num_pages, FOLL_WRITE | FOLL_FORCE | FOLL_LONGTERM, pages): the
        // slow path takes mmap_lock for reading and faults the pages in
        if (!mm.getUserPages(obj.userptr.start(), obj.userptr.length())) {
            return false; // unpin_user_pages(pvec, pinned); kvfree(pvec)
        }
        obj.pagesPinned = true;
        return true;
    }
}
