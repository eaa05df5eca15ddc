package dev.fencecheck.drivers.nouveau;

import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Gpu;
import dev.fencecheck.api.kernel.GpuFault;
import dev.fencecheck.api.kernel.GpuFaultHandler;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.Memory;
import dev.fencecheck.api.kernel.Mm;
import dev.fencecheck.api.kernel.MmuIntervalNotifier;
import dev.fencecheck.api.kernel.Mutex;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * nouveau_svm.c: {@code struct nouveau_svm} (the device's SVM state, {@code svm->mutex}, the
 * replayable fault buffer) with the fault handler and the SVM_BIND ioctl.
 *
 * <p>The fault handler runs for whatever channel faulted, and nouveau's channels emit a
 * nouveau_fence for every pushbuf, SVM channels included: when the faulting job has a fence, its
 * fence waits for everything here (mmap_lock, hmm_range_fault(), GFP_KERNEL allocations), which
 * is the open R14 gap recorded in kernel-reference.md (section 6, inference).
 */
@Singleton
final class NouveauSvm implements GpuFaultHandler {
    static final long PAGE_SIZE = 0x1000;
    private static final long PAGE_MASK = ~(PAGE_SIZE - 1);
    /** errno.h */
    private static final int EFAULT = -14;
    private static final int EBUSY = -16;
    /**
     * nouveau_range_fault() retries until HMM_RANGE_DEFAULT_TIMEOUT (1 s) has passed; the model
     * has no clock and gives up (-EBUSY) after this many collisions with invalidations.
     */
    private static final int RANGE_FAULT_TRIES = 4;

    private final Gpu gpu;
    private final Memory memory;
    private final Mm mm;
    private final Mutex mutex;
    private final NouveauFence fence;
    private final NouveauSvmm svmm;
    private final NouveauDmem dmem;
    /** buffer->fault[0]: the fault-cache entry, allocated the first time a fault uses it. */
    private boolean faultEntry;

    @Inject
    NouveauSvm(Gpu gpu, Memory memory, Mm mm, Locks locks, NouveauFence fence, NouveauSvmm svmm, NouveauDmem dmem) {
        this.gpu = gpu;
        this.memory = memory;
        this.mm = mm;
        this.fence = fence;
        this.svmm = svmm;
        this.dmem = dmem;
        // nouveau_svm_init(): mutex_init(&drm->svm->mutex)
        this.mutex = locks.mutex("nouveau_svm.mutex");
    }

    /**
     * nouveau_svm_init() -> nouveau_svm_fault_buffer_ctor(): the replayable fault buffer and
     * its event (nouveau_svm_event(), which schedules nouveau_svm_fault() on a workqueue; the
     * model's GPU fault worker plays that work item).
     */
    void init() {
        gpu.onFault(this);
    }

    /**
     * nouveau_svm_fault(): cache the fault buffer entry, find the faulting instance's svmm under
     * {@code svm->mutex}, then nouveau_range_fault() on the faulting page; a fault that cannot
     * be handled is cancelled (GP100_VMM_VN_FAULT_CANCEL: recovery kills the channel),
     * else the GPU replays it (GP100_VMM_VN_FAULT_REPLAY).
     */
    @Override
    public boolean handle(GpuFault fault) {
        // nouveau_svm_fault_cache(): kmalloc(GFP_KERNEL) for a slot used for the first time
        if (!faultEntry) {
            if (!memory.alloc(Gfp.GFP_KERNEL, 1)) {
                return false; // WARN_ON(!fault): nouveau_svm_fault_cancel()
            }
            faultEntry = true;
        }
        NouveauSvmm target;
        try (Held h = mutex.lock()) {
            // nouveau_ivmm_find(svm, inst)
            NouveauChannel chan = fence.channelOf(fault.job());
            target = chan == null ? null : chan.svmm();
        }
        if (target == null) {
            return false; // faults of channels outside an SVM are cancelled
        }
        // mmget_not_zero(mm): the modelled process lives as long as the model
        return rangeFault(target, fault.address() & PAGE_MASK, PAGE_SIZE) == 0;
    }

    /**
     * nouveau_range_fault(): insert an interval notifier over the fault window, then until it
     * succeeds: mmu_interval_read_begin(), hmm_range_fault() under mmap_read_lock() (faulting
     * the CPU pages in), and under {@code svmm->mutex} mmu_interval_read_retry() and
     * NVIF_VMM_V0_PFNMAP; remove the notifier at the end.
     */
    private int rangeFault(NouveauSvmm target, long start, long length) {
        MmuIntervalNotifier window = target.insertWindow(start, length);
        try {
            for (int tries = 0; tries < RANGE_FAULT_TRIES; tries++) {
                long seq = window.readBegin();
                if (!mm.getUserPages(start, length)) {
                    return EFAULT;
                }
                Held h = target.mutex().lock();
                if (window.readRetry(seq)) {
                    h.close();
                    continue;
                }
                try (h) {
                    // nouveau_hmm_convert_pfn(); nvif_object_ioctl(PFNMAP)
                    target.vmm().pfnMap(window, seq, start);
                }
                return 0;
            }
            return EBUSY;
        } finally {
            target.removeWindow(window);
        }
    }

    /**
     * nouveau_svmm_bind(), the NOUVEAU_SVM_BIND ioctl with command MIGRATE and target
     * GPU_VRAM: under mmap_read_lock(), migrate every mapped part of the range to VRAM
     * (nouveau_dmem_migrate_vma(), best effort, errors ignored).
     */
    void bind(long vaStart, long vaEnd) {
        long start = vaStart & PAGE_MASK;
        long end = (vaEnd + PAGE_SIZE - 1) & PAGE_MASK;
        if (start >= end) {
            return; // -EINVAL
        }
        try (Held mmap = mm.mmapReadLock()) {
            if (!svmm.initialised()) {
                return; // -EINVAL
            }
            long addr = start;
            while (addr < end) {
                // find_vma_intersection(mm, addr, end): the next mapped run of the range
                while (addr < end && !mm.isMapped(addr)) {
                    addr += PAGE_SIZE;
                }
                if (addr >= end) {
                    break;
                }
                long next = addr;
                while (next < end && mm.isMapped(next)) {
                    next += PAGE_SIZE;
                }
                dmem.migrateVma(svmm, addr, next);
                addr = next;
            }
        }
    }
}
