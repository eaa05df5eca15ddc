package dev.fencecheck.drivers.armsoc.v3d;

import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Memory;
import dev.fencecheck.api.kernel.Reservations;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * {@code v3d_bo.c: v3d_bo_create()}: a shmem object ({@code drm_gem_shmem_create()}: kzalloc and
 * {@code dma_resv_init()}), its pages and sg table under the new object's reservation
 * ({@code drm_gem_shmem_get_pages_sgt()}: {@code dma_resv_lock()}, shmem pages with GFP_KERNEL), then
 * its place in the V3D address space ({@code drm_mm_insert_node_generic()} under mm_lock) and its
 * page-table entries ({@code v3d_mmu_insert_ptes()}).
 */
@SuppressWarnings("try") // lock holds are try-with-resources whose body does not name them
@Singleton
final class V3dBoCreate {
    private final V3dDevice v3d;
    private final Memory memory;
    private final Reservations reservations;

    @Inject
    V3dBoCreate(V3dDevice v3d, Memory memory, Reservations reservations) {
        this.v3d = v3d;
        this.memory = memory;
        this.reservations = reservations;
    }

    /** Null for an error pointer (-ENOMEM). */
    V3dBo create(long pages) {
        // drm_gem_shmem_create_with_mnt() -> __drm_gem_shmem_create(): kzalloc(sizeof(*shmem), GFP_KERNEL)
        if (!memory.alloc(Gfp.GFP_KERNEL, 1)) {
            return null;
        }
        V3dBo bo = new V3dBo(v3d.nextBoName(), reservations.create("v3d_overflow"), pages);
        // v3d_bo_create_finish() -> drm_gem_shmem_get_pages_sgt(): dma_resv_lock(shmem->base.resv, NULL)
        try (Held resv = bo.resv().lock()) {
            // drm_gem_shmem_get_pages_locked(): shmem pages; drm_prime_pages_to_sg(): GFP_KERNEL
            if (!memory.alloc(Gfp.GFP_KERNEL, pages)) {
                memory.free(1);
                return null;
            }
        }
        try (Held mm = v3d.mmLock.lock()) {
            // drm_mm_insert_node_generic(&v3d->mm, &bo->node, ...)
        }
        // v3d_mmu_insert_ptes(bo): the page table is preallocated at probe
        return bo;
    }
}
