package dev.fencecheck.drivers.amd.amdgpu;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.Mm;
import dev.fencecheck.api.kernel.MmuIntervalNotifier;
import dev.fencecheck.api.kernel.Mutex;

/**
 * amdgpu_hmm.c: coherent userptr for graphics. One mmu interval notifier per userptr BO; its
 * invalidate callback blocks the invalidation until every fence of the BO has signalled, under
 * {@code adev->notifier_lock}, which command submission holds while it revalidates the range
 * and publishes its fence (amdgpu_cs.c: amdgpu_cs_submit()).
 */
@SuppressWarnings("try") // lock holds and sections are try-with-resources, as the kernel holds them
@Singleton
final class AmdgpuHmm {
    /** amdgpu_hmm_invalidate_gfx(): MAX_SCHEDULE_TIMEOUT. */
    private static final long MAX_SCHEDULE_TIMEOUT = Long.MAX_VALUE;

    private final Mm mm;
    private final AmdgpuVm vm;
    /** adev->notifier_lock (amdgpu_device.c: amdgpu_device_init(): mutex_init()). */
    private final Mutex notifierLock;

    @Inject
    AmdgpuHmm(Mm mm, Locks locks, AmdgpuVm vm) {
        this.mm = mm;
        this.vm = vm;
        this.notifierLock = locks.mutex("adev->notifier_lock");
    }

    Mutex notifierLock() {
        return notifierLock;
    }

    /** amdgpu_hmm_register(): mmu_interval_notifier_insert() with amdgpu_hmm_gfx_ops. */
    void register(AmdgpuBo bo) {
        bo.notifier = mm.insertNotifier(bo.userptr.start(), bo.userptr.length(),
                (notifier, event, blockable, curSeq) -> invalidateGfx(bo, notifier, blockable, curSeq));
    }

    /**
     * amdgpu_hmm_invalidate_gfx(): refuse a non-blockable invalidation; under notifier_lock set
     * the sequence, amdgpu_vm_bo_invalidate(), and wait for all the BO's fences
     * (dma_resv_wait_timeout(DMA_RESV_USAGE_BOOKKEEP, MAX_SCHEDULE_TIMEOUT)).
     */
    private boolean invalidateGfx(AmdgpuBo bo, MmuIntervalNotifier notifier, boolean blockable, long curSeq) {
        if (!blockable) {
            return false;
        }
        try (Held lock = notifierLock.lock()) {
            notifier.setSeq(curSeq);
            vm.boInvalidate(bo);
            bo.resv.waitTimeout(DmaResv.Usage.BOOKKEEP, MAX_SCHEDULE_TIMEOUT);
        }
        return true;
    }

    /**
     * amdgpu_ttm_tt_get_user_pages() -> amdgpu_hmm_range_get_pages(): mmu_interval_read_begin(),
     * then hmm_range_fault() (mmap_lock, faulting the pages in). The sequence, or -1 for -EFAULT
     * (part of the range is no longer mapped).
     */
    long rangeGetPages(AmdgpuBo bo) {
        long seq = bo.notifier.readBegin();
        if (!mm.getUserPages(bo.userptr.start(), bo.userptr.length())) {
            return -1;
        }
        return seq;
    }

    /** amdgpu_ttm_tt_get_user_pages_done() -> amdgpu_hmm_range_valid(): no invalidation since. */
    boolean rangeValid(AmdgpuBo bo, long seq) {
        return !bo.notifier.readRetry(seq);
    }
}
