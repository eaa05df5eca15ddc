package dev.fencecheck.drivers.armsoc.etnaviv;

import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.Mutex;
import dev.fencecheck.drivers.armsoc.drm.GemObject;

/**
 * {@code struct etnaviv_gem_object} ({@code etnaviv_gem.h}): its lock ({@code etnaviv_obj->lock},
 * held while its pages are got), its GPU mapping in the file's MMU context, and for a userptr
 * object the user range ({@code struct etnaviv_gem_userptr}) and whether its pages are pinned.
 */
final class EtnavivGemObject extends GemObject {
    final Mutex lock;
    /** Userptr objects: the user range; null for shmem objects. */
    final Submission.UserptrRange userptr;
    /** etnaviv_obj->pages: a userptr object's pinned pages (shmem objects came with theirs). */
    boolean pagesPinned;
    /** The object's etnaviv_vram_mapping in the file's MMU context. */
    boolean mapped;

    EtnavivGemObject(String name, DmaResv resv, long pages, Mutex lock, Submission.UserptrRange userptr) {
        super(name, resv, pages);
        this.lock = lock;
        this.userptr = userptr;
    }

    boolean covers(long address) {
        return userptr != null && address >= userptr.start() && address - userptr.start() < userptr.length();
    }
}
