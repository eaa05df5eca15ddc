package dev.fencecheck.drivers.amd.amdkfd;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Gpu;
import dev.fencecheck.api.kernel.GpuMapping;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.Memory;
import dev.fencecheck.api.kernel.Mm;
import dev.fencecheck.api.kernel.MmuIntervalNotifier;
import dev.fencecheck.api.kernel.Mutex;
import dev.fencecheck.drivers.amd.Errno;
import java.util.ArrayList;
import java.util.List;

/**
 * kfd_svm.c: shared virtual memory of the KFD process: ranges of its address space, each with an
 * interval notifier, mapped on the GPU. With XNACK off, ranges are mapped when userspace sets
 * their attributes, and an invalidation evicts the process's queues until the restore work maps
 * them again. With XNACK on, an invalidation only unmaps the range from the GPU and the GPU's
 * retry fault maps it again (svm_range_restore_pages()).
 *
 * <p>The SPI's get_user_pages() takes mmap_lock itself, so the model gets the pages before it
 * takes svms->lock and the reservations, where the kernel holds mmap_lock around all of it.
 */
@SuppressWarnings("try") // lock holds and sections are try-with-resources, as the kernel holds them
@Singleton
final class KfdSvm {
    /** A 4 KiB page: the model's svm_range_create_unregistered_range() granularity. */
    private static final long PAGE = 0x1000;

    /** {@code struct svm_range}. */
    private static final class SvmRange {
        final long start;
        final long length;
        final Mutex lock;
        final Mutex migrateMutex;
        MmuIntervalNotifier notifier;
        GpuMapping mapping;

        SvmRange(long start, long length, Locks locks) {
            this.start = start;
            this.length = length;
            this.lock = locks.mutex("prange->lock");
            this.migrateMutex = locks.mutex("prange->migrate_mutex");
        }

        boolean contains(long address) {
            return address >= start && address - start < length;
        }
    }

    private final Memory memory;
    private final Mm mm;
    private final Gpu gpu;
    private final Locks locks;
    private final KfdProcess process;
    private final AmdgpuAmdkfdGpuvm gpuvm;
    /** svms->lock. */
    private final Mutex svmsLock;
    private final List<SvmRange> ranges = new ArrayList<>();
    /** svms->evicted_ranges. */
    private int evictedRanges;
    /** svms->restore_work is queued. */
    private boolean restorePending;

    @Inject
    KfdSvm(Memory memory, Mm mm, Gpu gpu, Locks locks, KfdProcess process, AmdgpuAmdkfdGpuvm gpuvm) {
        this.memory = memory;
        this.mm = mm;
        this.gpu = gpu;
        this.locks = locks;
        this.process = process;
        this.gpuvm = gpuvm;
        this.svmsLock = locks.mutex("svms->lock");
    }

    private SvmRange find(long address) {
        for (SvmRange r : ranges) {
            if (r.contains(address)) {
                return r;
            }
        }
        return null;
    }

    /**
     * svm_range_set_attr() (AMDKFD_IOC_SVM) for a range a queue uses that has none yet:
     * svm_range_add() (GFP_KERNEL) and its notifier; with XNACK off the range is validated and
     * mapped now (svm_range_validate_and_map()).
     */
    void ensureRange(Submission.UserptrRange range) {
        if (find(range.start()) != null) {
            return;
        }
        SvmRange prange = addRange(range.start(), range.length());
        if (!process.xnackEnabled()) {
            long seq = getPages(prange);
            if (seq >= 0) {
                mapPages(prange, seq);
            }
        }
    }

    private SvmRange addRange(long start, long length) {
        memory.alloc(Gfp.GFP_KERNEL, 1);
        SvmRange prange = new SvmRange(start, length, locks);
        prange.notifier = mm.insertNotifier(start, length,
                (notifier, event, blockable, curSeq) -> invalidate(prange, notifier, event, curSeq));
        try (Held svms = svmsLock.lock()) {
            ranges.add(prange);
        }
        return prange;
    }

    /** amdgpu_hmm_range_get_pages(): the notifier sequence, or -1 for -EFAULT. */
    private long getPages(SvmRange prange) {
        long seq = prange.notifier.readBegin();
        return mm.getUserPages(prange.start, prange.length) ? seq : -1;
    }

    /**
     * svm_range_validate_and_map() after the pages: reserve the VM (svm_range_reserve_bos()),
     * update the page table (amdgpu_vm_update_range(), GFP_KERNEL), and under the range's lock
     * map the pages unless an invalidation raced (-EAGAIN).
     */
    private int mapPages(SvmRange prange, long seq) {
        try (Held reserved = gpuvm.pd().lock()) {
            memory.alloc(Gfp.GFP_KERNEL, 1);
            try (Held lock = prange.lock.lock()) {
                if (prange.notifier.readRetry(seq)) {
                    return Errno.EAGAIN;
                }
                prange.mapping = gpu.mapUserptr(prange.notifier, seq);
                return 0;
            }
        }
    }

    /**
     * svm_range_cpu_invalidate_pagetables(): under the range's lock set the sequence; an unmap
     * unmaps the range from the GPU (svm_range_unmap_from_cpu(); the deferred list work frees it
     * later); any other event is svm_range_evict(): with XNACK on, unmap from the GPU; with
     * XNACK off, the first evicted range quiesces the process's queues and queues the restore
     * work. It does not check mmu_notifier_range_blockable().
     */
    private boolean invalidate(SvmRange prange, MmuIntervalNotifier notifier, MmuIntervalNotifier.Event event,
                               long curSeq) {
        try (Held lock = prange.lock.lock()) {
            notifier.setSeq(curSeq);
            if (event == MmuIntervalNotifier.Event.UNMAP || process.xnackEnabled()) {
                unmapFromGpus(prange);
            } else if (++evictedRanges == 1) {
                process.quiesceMm();
                restorePending = true;
            }
        }
        return true;
    }

    /** svm_range_unmap_from_gpus(): clear the PTEs and flush the TLB. */
    private void unmapFromGpus(SvmRange prange) {
        if (prange.mapping != null) {
            prange.mapping.invalidate();
            prange.mapping = null;
        }
    }

    /**
     * svm_range_restore_pages(), the retry fault of a compute VM: -EFAULT without XNACK; a range
     * is created for an address that has none (svm_range_create_unregistered_range()); a fault
     * on an address no vma maps any more is not resolved (the kernel drops it as stale and the
     * wave eventually traps); otherwise, under svms->lock and the range's migrate_mutex, the
     * pages are mapped. True to replay the access (also after -EAGAIN: recover later).
     */
    boolean restorePages(long address) {
        if (!process.xnackEnabled()) {
            return false;
        }
        SvmRange prange = find(address);
        if (prange == null) {
            prange = addRange(address & ~(PAGE - 1), PAGE);
        }
        if (!mm.isMapped(address)) {
            return false;
        }
        long seq = getPages(prange);
        if (seq < 0) {
            return false;
        }
        try (Held svms = svmsLock.lock(); Held migrate = prange.migrateMutex.lock()) {
            int r = mapPages(prange, seq);
            return r == 0 || r == Errno.EAGAIN;
        }
    }

    /**
     * svm_range_restore_work() (XNACK off): validate and map every range again, then, if no
     * range was evicted meanwhile, kgd2kfd_resume_mm(); else try again later.
     */
    void restoreWork() {
        if (!restorePending) {
            return;
        }
        restorePending = false;
        int evicted = evictedRanges;
        boolean ok = true;
        for (SvmRange prange : new ArrayList<>(ranges)) {
            long seq = getPages(prange);
            if (seq < 0) {
                continue;
            }
            try (Held svms = svmsLock.lock(); Held migrate = prange.migrateMutex.lock()) {
                ok &= mapPages(prange, seq) == 0;
            }
        }
        if (!ok || evictedRanges != evicted) {
            restorePending = true;
            return;
        }
        evictedRanges = 0;
        process.resumeMm();
    }
}
