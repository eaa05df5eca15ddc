package dev.fencecheck.drivers.amd.amdkfd;

import dev.fencecheck.api.kernel.DmaFence;
import java.util.function.Consumer;

/**
 * amdgpu_amdkfd_fence.c: the eviction fence of a KFD process, a preempt fence. Every BO of the
 * process carries it (DMA_RESV_USAGE_BOOKKEEP); it signals once the process's user queues are
 * off the hardware, not when any work completes. Its {@code enable_signaling} op,
 * amdkfd_fence_enable_signaling(), is what starts the eviction: whoever waits for it or adds a
 * callback to it (TTM eviction, an mmu notifier, reclaim) triggers
 * kgd2kfd_schedule_evict_and_restore_process().
 *
 * <p>The model's fences have no ops, so this wraps one: its wait, add-callback and
 * enable-signalling run the op first, then the fence's own operation.
 */
final class AmdgpuAmdkfdFence implements DmaFence {
    private final DmaFence base;
    private final KfdProcess process;

    AmdgpuAmdkfdFence(DmaFence base, KfdProcess process) {
        this.base = base;
        this.process = process;
    }

    /**
     * amdkfd_fence_enable_signaling(): nothing once signalled; otherwise schedule the eviction of
     * the process's queues, which signals this fence.
     */
    private void enableSignalingOp() {
        if (base.isSignaled()) {
            return;
        }
        process.scheduleEvictAndRestore(this);
    }

    @Override
    public long context() {
        return base.context();
    }

    @Override
    public long seqno() {
        return base.seqno();
    }

    @Override
    public String name() {
        return base.name();
    }

    @Override
    public boolean signal() {
        return base.signal();
    }

    @Override
    public boolean signal(int error) {
        return base.signal(error);
    }

    @Override
    public void setError(int error) {
        base.setError(error);
    }

    @Override
    public boolean isSignaled() {
        return base.isSignaled();
    }

    @Override
    public int status() {
        return base.status();
    }

    @Override
    public boolean addCallback(Consumer<DmaFence> callback) {
        enableSignalingOp();
        return base.addCallback(callback);
    }

    @Override
    public boolean removeCallback(Consumer<DmaFence> callback) {
        return base.removeCallback(callback);
    }

    @Override
    public void enableSignaling() {
        enableSignalingOp();
        base.enableSignaling();
    }

    /** dma_fence_wait_timeout(): dma_fence_enable_sw_signaling() first, then the wait. */
    @Override
    public long waitTimeout(long timeout) {
        enableSignalingOp();
        return base.waitTimeout(timeout);
    }

    @Override
    public void publish() {
        base.publish();
    }

    @Override
    public String toString() {
        return base.toString();
    }
}
