package dev.fencecheck.drivers.armsoc.panfrost;

import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Memory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The steps of {@code panfrost_mmu.c: panfrost_mmu_map_fault_addr()} that every version shares:
 * the heap's page arrays, the 2 MiB of shmem pages, the sg table and the GPU mapping.
 */
@Singleton
final class PanfrostHeapPages {
    private final PanfrostDevice pfdev;
    private final Memory memory;

    @Inject
    PanfrostHeapPages(PanfrostDevice pfdev, Memory memory) {
        this.pfdev = pfdev;
        this.memory = memory;
    }

    /**
     * "if (!bo->base.pages)": bo->sgts = kvmalloc_array(..., GFP_KERNEL | __GFP_ZERO) and
     * pages = kvmalloc_array(..., GFP_KERNEL | __GFP_ZERO). False for -ENOMEM.
     */
    boolean allocArrays(PanfrostGemObject bo) {
        if (bo.heapArrays) {
            return true;
        }
        if (!memory.alloc(Gfp.GFP_KERNEL, 1)) {
            return false;
        }
        bo.heapArrays = true;
        return true;
    }

    /**
     * mapping_set_unevictable(mapping); shmem_read_mapping_page(mapping, i) for each of the
     * NUM_FAULT_PAGES pages: the shmem mapping's gfp mask reclaims, with __GFP_FS. False for an
     * error page.
     */
    boolean readPages() {
        return memory.alloc(Gfp.GFP_KERNEL, PanfrostDevice.FAULT_PAGES);
    }

    /**
     * sg_alloc_table_from_pages(sgt, ..., GFP_KERNEL); dma_map_sgtable(); mmu_map_sg() (io-pgtable
     * map_pages(..., GFP_KERNEL, ...) may allocate page-table pages) and panfrost_mmu_flush_range()
     * (AS_COMMAND_FLUSH_PT). False for -ENOMEM, after dropping the pages (err_pages:
     * drm_gem_shmem_put_pages()).
     */
    boolean mapSg(PanfrostGemObject bo) {
        if (!memory.alloc(Gfp.GFP_KERNEL, 1)) {
            memory.free(PanfrostDevice.FAULT_PAGES);
            return false;
        }
        pfdev.heapVa.map();
        bo.heapRssPages += PanfrostDevice.FAULT_PAGES; // bo->heap_rss_size += SZ_2M
        return true;
    }
}
