package dev.fencecheck.drivers.amd.amdkfd;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Preemption;
import dev.fencecheck.api.kernel.DmaFence;

/**
 * Preemption on the amdkfd device: user queues are preempted by the HWS with CWSR
 * (execute_queues_cpsch(): unmap, then map the runlist again), and their memory is protected by
 * the process's eviction fence (a preempt fence, amdgpu_amdkfd_fence.c). Graphics contexts are
 * not preempted (amdgpu_mcbp=0).
 */
@Singleton
final class KfdPreemption implements Preemption {
    private final KfdProcessQueueManager pqm;
    private final KfdDeviceQueueManager dqm;
    private final KfdProcess process;

    @Inject
    KfdPreemption(KfdProcessQueueManager pqm, KfdDeviceQueueManager dqm, KfdProcess process) {
        this.pqm = pqm;
        this.dqm = dqm;
        this.process = process;
    }

    @Override
    public boolean preempt(GpuContext context) {
        if (!pqm.isQueue(context)) {
            return false;
        }
        dqm.executeQueues();
        return true;
    }

    @Override
    public DmaFence preemptFence(GpuContext context) {
        return pqm.isQueue(context) ? process.evictionFence() : null;
    }
}
