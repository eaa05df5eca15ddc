package dev.fencecheck.drivers.nouveau;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Gpu;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.Memory;
import dev.fencecheck.api.kernel.Mutex;
import dev.fencecheck.api.kernel.SpinLock;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * nouveau_dmem.c: device-private VRAM pages for SVM, filled by copies on the copy-engine
 * channel, which the driver waits for with a nouveau_fence. The copy engine is independent
 * hardware that never faults, so these fences are the exception that dma-buf.rst allows for
 * fault handling (kernel-reference.md R16).
 */
@Singleton
final class NouveauDmem {
    /** DMEM_CHUNK_SIZE (2 MiB) in pages. */
    private static final int CHUNK_NPAGES = 512;
    /** The buffer object of the VRAM chunks (nouveau_bo_new_pin(), pinned in VRAM). */
    static final String CHUNK_BO = "dmem chunk";

    private final Gpu gpu;
    private final Fences fences;
    private final Locks locks;
    private final Memory memory;
    private final NouveauFence fence;
    private final Mutex mutex;
    private final SpinLock lock;
    private NouveauChannel migrateChan;
    private int chunks;
    private int freePages;

    @Inject
    NouveauDmem(Gpu gpu, Fences fences, Locks locks, Memory memory, NouveauFence fence) {
        this.gpu = gpu;
        this.fences = fences;
        this.locks = locks;
        this.memory = memory;
        this.fence = fence;
        // nouveau_dmem_init(): mutex_init(&drm->dmem->mutex); spin_lock_init(&drm->dmem->lock)
        this.mutex = locks.mutex("nouveau_dmem.mutex");
        this.lock = locks.spinlock("nouveau_dmem.lock");
    }

    /**
     * nouveau_dmem_init() -> nouveau_dmem_migrate_init(): copies go to the copy-engine channel
     * the driver made for TTM moves (drm->ttm.chan, set up by nouveau_accel_init()).
     */
    void init() {
        migrateChan = NouveauChannel.create(fences, locks, gpu.engine(NouveauProvider.CE), "copy engine channel",
                null, null);
    }

    /**
     * nouveau_dmem_migrate_vma(): the migrate_vma arrays (kcalloc()/kmalloc_array(), GFP_KERNEL)
     * and nouveau_pfns_alloc() (kzalloc, GFP_KERNEL), migrate_vma_setup(), then the chunk.
     * migrate_vma_setup()'s MMU_NOTIFY_MIGRATE invalidation carries this device as owner, so
     * nouveau_svmm_invalidate_range_start() ignores it; the model's mm has no page migration.
     * Called with mmap_read_lock() held.
     */
    void migrateVma(NouveauSvmm svmm, long start, long end) {
        if (!memory.alloc(Gfp.GFP_KERNEL, 1)) {
            return; // -ENOMEM
        }
        try {
            migrateChunk(svmm, start, end);
        } finally {
            memory.free(1); // nouveau_pfns_free(), kfree()
        }
    }

    /**
     * nouveau_dmem_migrate_chunk(): nouveau_dmem_migrate_copy_one() per page, one fence on the
     * copy channel after the copies (nouveau_fence_new()), migrate_vma_pages(), wait for the
     * copies (nouveau_dmem_fence_done()), map the VRAM pages on the GPU (nouveau_pfns_map()),
     * migrate_vma_finalize().
     */
    private void migrateChunk(NouveauSvmm svmm, long start, long end) {
        List<GpuStep> copies = new ArrayList<>();
        for (long addr = start; addr < end; addr += NouveauSvm.PAGE_SIZE) {
            if (migrateCopyOne()) {
                copies.add(GpuStep.bo(CHUNK_BO));
            }
        }
        DmaFence done = fence.fenceNew(migrateChan, "dmem migrate [0x" + Long.toHexString(start) + ", 0x"
                + Long.toHexString(end) + ")", copies);
        fenceDone(done);
        svmm.pfnsMap(start);
    }

    /**
     * nouveau_dmem_migrate_copy_one(): a VRAM page (nouveau_dmem_page_alloc_locked()), then
     * copy_func (the source page) or clear_func (no source page) pushes one copy-engine method
     * onto the copy channel. False when the page is not migrated.
     */
    private boolean migrateCopyOne() {
        return pageAllocLocked();
    }

    /**
     * nouveau_dmem_page_alloc_locked(): a free VRAM page under {@code dmem->lock}, or a new
     * chunk (nouveau_dmem_chunk_alloc()) when there is none.
     */
    private boolean pageAllocLocked() {
        try (Held l = lock.lock()) {
            if (freePages > 0) {
                freePages--;
                return true;
            }
        }
        return chunkAlloc();
    }

    /**
     * nouveau_dmem_chunk_alloc(): kzalloc(chunk, GFP_KERNEL), request_free_mem_region(),
     * nouveau_bo_new_pin() of 2 MiB of VRAM (the bo object itself is a GFP_KERNEL allocation;
     * VRAM is not system memory) and memremap_pages(); the chunk joins {@code dmem->chunks}
     * under {@code dmem->mutex} and its pages the free list under {@code dmem->lock}.
     */
    private boolean chunkAlloc() {
        if (!memory.alloc(Gfp.GFP_KERNEL, 1)) {
            return false;
        }
        try (Held m = mutex.lock()) {
            chunks++;
        }
        try (Held l = lock.lock()) {
            freePages += CHUNK_NPAGES - 1;
        }
        return true;
    }

    /**
     * nouveau_dmem_fence_done(): nouveau_fence_wait(fence, true, false), whose result is
     * ignored; nothing to wait for when nouveau_fence_new() failed.
     */
    private void fenceDone(DmaFence done) {
        if (done != null) {
            fence.waitLazy(done);
        }
    }

    int chunks() {
        return chunks;
    }
}
