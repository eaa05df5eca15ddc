package dev.fencecheck.drivers.nouveau;

import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Gpu;
import dev.fencecheck.api.kernel.GpuMapping;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.Memory;
import dev.fencecheck.api.kernel.MmuIntervalNotifier;
import dev.fencecheck.api.kernel.Mutex;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The SVM VMM's PFN methods, as nvkm implements them (nvkm/subdev/mmu/uvmm.c:
 * nvkm_uvmm_mthd_pfnmap() / nvkm_uvmm_mthd_pfnclr(), vmm.c: nvkm_vmm_pfn_map() /
 * nvkm_vmm_pfn_unmap()), both under {@code vmm->mutex.vmm}. The caller holds
 * {@code svmm->mutex}.
 */
@Singleton
final class NvifVmm {
    /** GP100 small-page page tables: one 4 KiB-page table per 2 MiB of address space. */
    private static final int PT_SHIFT = 21;

    private final Gpu gpu;
    private final Memory memory;
    private final Mutex mutex;
    /** The PFN-mapped pages the GPU can reach. */
    private final List<GpuMapping> ptes = new ArrayList<>();
    /** The 2 MiB spans whose page table exists. */
    private final Set<Long> pageTables = new HashSet<>();

    @Inject
    NvifVmm(Gpu gpu, Memory memory, Locks locks) {
        this.gpu = gpu;
        this.memory = memory;
        this.mutex = locks.mutex("nvkm_vmm.mutex.vmm");
    }

    /**
     * NVIF_VMM_V0_PFNMAP of the pages hmm_range_fault() returned under the fault window's
     * sequence {@code seq}. nvkm_vmm_pfn_map() splits the unmapped region around them
     * (nvkm_vmm_pfn_split_merge() -> nvkm_vma_tail() -> nvkm_vma_new(), kzalloc(GFP_KERNEL))
     * and gets the page table (nvkm_vmm_ptes_get_map() -> nvkm_vmm_ref_hwpt() ->
     * nvkm_mmu_ptc_get(), GFP_KERNEL when the span has none yet). On -ENOMEM the PFN is left
     * invalid and the method still succeeds; the GPU will fault again.
     */
    void pfnMap(MmuIntervalNotifier window, long seq, long addr) {
        try (Held vmm = mutex.lock()) {
            if (!allocate(addr)) {
                return;
            }
            ptes.add(gpu.mapUserptr(window, seq));
        }
    }

    /**
     * NVIF_VMM_V0_PFNMAP from nouveau_pfns_map() for pages just migrated to VRAM: the same
     * locking and allocations. The model's GPU page tables only take pages mapped under an
     * interval notifier sequence (Gpu.mapUserptr()), while the kernel relies here on
     * migrate_vma's locked pages; so the model leaves these PFNs invalid and the GPU faults them
     * in through nouveau_svm_fault() instead.
     */
    void pfnMapMigrated(long addr) {
        try (Held vmm = mutex.lock()) {
            allocate(addr);
        }
    }

    private boolean allocate(long addr) {
        // nvkm_vmm_pfn_split_merge(): a new nvkm_vma for the mapped part
        if (!memory.alloc(Gfp.GFP_KERNEL, 1)) {
            return false;
        }
        long span = addr >>> PT_SHIFT;
        if (!pageTables.contains(span)) {
            // nvkm_mmu_ptc_get(): the span's page table
            if (!memory.alloc(Gfp.GFP_KERNEL, 1)) {
                return false;
            }
            pageTables.add(span);
        }
        return true;
    }

    /**
     * NVIF_VMM_V0_PFNCLR: nvkm_vmm_pfn_unmap() zaps the PFN mappings and flushes the GPU TLB;
     * later GPU accesses fault. The notifier does not say which range was invalidated (the
     * SPI's MmuIntervalNotifier.Ops has no range), so the model clears every PFN mapping, a
     * superset of what the kernel clears. Whole regions are cleared, so no region is split and
     * nothing is allocated.
     */
    void pfnClr() {
        try (Held vmm = mutex.lock()) {
            for (GpuMapping pte : ptes) {
                pte.invalidate();
            }
            ptes.clear();
        }
    }
}
