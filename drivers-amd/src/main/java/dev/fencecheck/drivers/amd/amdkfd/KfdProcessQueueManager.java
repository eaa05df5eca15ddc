package dev.fencecheck.drivers.amd.amdkfd;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.kernel.Gpu;
import dev.fencecheck.api.kernel.GpuEngine;
import dev.fencecheck.api.kernel.GpuJob;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * kfd_process_queue_manager.c: the process's user queues. kfd_ioctl_create_queue() ->
 * pqm_create_queue() makes the queue known (which may be while a model is set up); the model
 * registers it with the device queue manager (create_queue_cpsch()) at its first use. Userspace
 * then writes AQL packets to the queue and rings its doorbell: no ioctl, no dma_fence.
 */
@Singleton
final class KfdProcessQueueManager {
    private final Gpu gpu;
    private final KfdDeviceQueueManager dqm;
    private final Map<GpuContext, GpuEngine> queues = new LinkedHashMap<>();
    private final Map<GpuContext, Boolean> created = new LinkedHashMap<>();
    private final Map<GpuContext, Long> packets = new LinkedHashMap<>();
    /** The jobs of user queues, for the fault handler's VM lookup (amdgpu_vm_handle_fault() by PASID). */
    private final Set<GpuJob> userJobs = Collections.newSetFromMap(new IdentityHashMap<>());

    @Inject
    KfdProcessQueueManager(Gpu gpu, KfdDeviceQueueManager dqm) {
        this.gpu = gpu;
        this.dqm = dqm;
    }

    /** pqm_create_queue(): a compute or SDMA user queue. */
    void createQueue(GpuContext context) {
        queues.put(context, gpu.engine(context.engine()));
        created.put(context, false);
    }

    boolean isQueue(GpuContext context) {
        return queues.containsKey(context);
    }

    /** The queue's first use: create_queue_cpsch(). */
    void ensureCreated(GpuContext context) {
        if (!created.get(context)) {
            created.put(context, true);
            dqm.createQueue(queues.get(context));
        }
    }

    /** The user writes a packet and rings the doorbell: the HWS runs it when the queue is mapped. */
    void doorbell(GpuContext context, GpuJob job) {
        userJobs.add(job);
        queues.get(context).submit(job);
    }

    String nextPacketName(GpuContext context) {
        long n = packets.merge(context, 1L, Long::sum);
        return context.name() + "#" + n;
    }

    boolean isUserJob(GpuJob job) {
        return userJobs.contains(job);
    }
}
