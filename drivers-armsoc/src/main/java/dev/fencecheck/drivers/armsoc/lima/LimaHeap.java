package dev.fencecheck.drivers.armsoc.lima;

import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Memory;
import dev.fencecheck.drivers.armsoc.drm.Errno;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * {@code lima_gem.c: lima_heap_alloc()}: under the heap object's {@code dma_resv}, double its backing
 * (up to the object's size) with shmem pages; then rebuild its sg table (GFP_KERNEL) and map the
 * new pages in the VM ({@code lima_vm.c: lima_vm_map_bo()} under {@code vm->lock}, page tables with
 * GFP_KERNEL).
 */
@SuppressWarnings("try") // lock holds are try-with-resources whose body does not name them
@Singleton
final class LimaHeap {
    private final LimaDevice ldev;
    private final Memory memory;
    private boolean sgtAllocated;

    @Inject
    LimaHeap(LimaDevice ldev, Memory memory) {
        this.ldev = ldev;
        this.memory = memory;
    }

    /** 0, or -ENOSPC / -ENOMEM. */
    int alloc(LimaBo bo) {
        long oldPages = bo.heapPages;
        long newPages = Math.min(oldPages * 2, bo.pages());
        if (oldPages >= bo.pages()) {
            return Errno.ENOSPC;
        }
        try (Held resv = bo.resv().lock()) { // dma_resv_lock(bo->base.base.resv, NULL)
            // bo->base.pages, or kvmalloc_array(..., GFP_KERNEL | __GFP_ZERO) the first time;
            // shmem_read_mapping_page() for each new page (the shmem mapping's gfp mask reclaims)
            if (!memory.alloc(Gfp.GFP_KERNEL, newPages - oldPages)) {
                return Errno.ENOMEM;
            }
        }
        // sg_alloc_table_from_pages(&sgt, ..., GFP_KERNEL); bo->base.sgt = kmalloc(GFP_KERNEL) the
        // first time; dma_map_sgtable()
        if (!sgtAllocated) {
            if (!memory.alloc(Gfp.GFP_KERNEL, 1)) {
                memory.free(newPages - oldPages);
                return Errno.ENOMEM;
            }
            sgtAllocated = true;
        }
        // lima_vm_map_bo(vm, bo, old_size >> PAGE_SHIFT)
        try (Held l = ldev.vmLock.lock()) {
            // lima_vm_map_page(): a missing page-table block is dma_alloc_wc(..., GFP_KERNEL)
            if (!memory.alloc(Gfp.GFP_KERNEL, 1)) {
                return Errno.ENOMEM;
            }
            ldev.heapGrowth.map();
        }
        bo.heapPages = newPages;
        return 0;
    }
}
