package dev.fencecheck.drivers.amd.amdkfd;

import com.google.inject.Inject;
import com.google.inject.Provider;
import com.google.inject.Singleton;
import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Memory;

/**
 * kfd_process.c: the model's one KFD process (one per mm): its XNACK mode, its eviction fence,
 * and the eviction and restore workers.
 *
 * <p>The SPI gives a driver no workqueue, so the model runs evict_process_worker() in the
 * thread that enabled signalling on the eviction fence (instead of that thread scheduling the
 * work and sleeping on the fence), inside a signalling section since it is what signals the
 * fence; and it runs the restore workers, which the kernel delays by
 * PROCESS_RESTORE_TIME_MS, at the process's next KFD call.
 */
@SuppressWarnings("try") // lock holds and sections are try-with-resources, as the kernel holds them
@Singleton
final class KfdProcess {
    private final Fences fences;
    private final Memory memory;
    private final KfdDeviceQueueManager dqm;
    private final Provider<AmdgpuAmdkfdGpuvm> gpuvm;
    /** init_kfd_vm(): dma_fence_context_alloc(1) for the process's eviction fences. */
    private final Fences.FenceTimeline evictionContext;
    /** p->ef. */
    private AmdgpuAmdkfdFence ef;
    /** p->last_eviction_seqno. */
    private long lastEvictionSeqno = -1;
    /** p->xnack_enabled, fixed by the first queue. */
    private Boolean xnack;
    /** p->restore_work is queued. */
    private boolean restorePending;

    @Inject
    KfdProcess(Fences fences, Memory memory, KfdDeviceQueueManager dqm, Provider<AmdgpuAmdkfdGpuvm> gpuvm) {
        this.fences = fences;
        this.memory = memory;
        this.dqm = dqm;
        this.gpuvm = gpuvm;
        this.evictionContext = fences.timeline("kfd eviction fence");
        this.ef = new AmdgpuAmdkfdFence(evictionContext.create(), this);
    }

    AmdgpuAmdkfdFence evictionFence() {
        return ef;
    }

    /** amdgpu_amdkfd_fence_create(): kzalloc(GFP_KERNEL) and dma_fence_init() on the process's context. */
    AmdgpuAmdkfdFence newEvictionFence() {
        memory.alloc(Gfp.GFP_KERNEL, 1);
        return new AmdgpuAmdkfdFence(evictionContext.create(), this);
    }

    /**
     * kfd_ioctl_set_xnack_mode() / kfd_process_xnack_mode(): per process, and not changeable
     * once it has queues (-EBUSY).
     */
    void setXnack(boolean enabled) {
        if (xnack != null && xnack != enabled) {
            throw new UnsupportedOperationException("-EBUSY: the KFD process already has queues with XNACK "
                    + (xnack ? "on" : "off") + " (XNACK mode is per process)");
        }
        xnack = enabled;
    }

    boolean xnackEnabled() {
        return xnack != null && xnack;
    }

    /**
     * kgd2kfd_schedule_evict_and_restore_process(): once per eviction fence (its seqno is
     * remembered), evict_process_worker().
     */
    void scheduleEvictAndRestore(AmdgpuAmdkfdFence fence) {
        if (fence.seqno() == lastEvictionSeqno) {
            return;
        }
        lastEvictionSeqno = fence.seqno();
        evictProcessWorker();
    }

    /**
     * evict_process_worker(): kfd_process_evict_queues(p, KFD_QUEUE_EVICTION_TRIGGER_TTM), then
     * signal_eviction_fence(); if somebody else signalled it already, put the queues back,
     * otherwise queue the restore work.
     */
    private void evictProcessWorker() {
        try (Held section = fences.beginSignalling()) {
            dqm.evictProcessQueues();
            if (!ef.signal() || restorePending) {
                // signalled by somebody else, or a restore already queued: it restores once
                dqm.restoreProcessQueues();
            } else {
                // mod_delayed_work(kfd_restore_wq, &p->restore_work, PROCESS_RESTORE_TIME_MS)
                restorePending = true;
            }
        }
    }

    /** kgd2kfd_quiesce_mm() -> kfd_process_evict_queues(): from the userptr and SVM notifiers. */
    void quiesceMm() {
        dqm.evictProcessQueues();
    }

    /** kgd2kfd_resume_mm() -> kfd_process_restore_queues(). */
    void resumeMm() {
        dqm.restoreProcessQueues();
    }

    /**
     * restore_process_worker(): amdgpu_amdkfd_gpuvm_restore_process_bos() revalidates the BOs
     * and fences them with a new eviction fence, which replaces p->ef; then
     * kfd_process_restore_queues().
     */
    void restoreProcessWorker() {
        if (!restorePending) {
            return;
        }
        restorePending = false;
        ef = gpuvm.get().restoreProcessBos();
        dqm.restoreProcessQueues();
    }
}
