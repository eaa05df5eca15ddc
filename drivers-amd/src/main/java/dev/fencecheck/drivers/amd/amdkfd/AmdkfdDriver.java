package dev.fencecheck.drivers.amd.amdkfd;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.driver.Driver;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Preemption;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Gpu;
import dev.fencecheck.api.kernel.GpuFaultHandler;
import dev.fencecheck.api.kernel.GpuJob;
import dev.fencecheck.drivers.amd.amdgpu.AmdgpuDriver;

/**
 * The amdkfd driver instance: the compute side of an amdgpu device, with the graphics side it
 * shares the device with. Long-running contexts are KFD user queues of a process with XNACK off;
 * faulting contexts are user queues of a process with XNACK on; fenced contexts go to amdgpu's
 * command submission. User queues complete with no dma_fence: their memory is protected by the
 * process's eviction fence, and their userptr memory by notifiers that evict the queues.
 */
@Singleton
final class AmdkfdDriver implements Driver {
    private final AmdgpuDriver gfx;
    private final KfdProcess process;
    private final KfdProcessQueueManager pqm;
    private final AmdgpuAmdkfdGpuvm gpuvm;
    private final KfdSvm svm;
    private final KfdPreemption preemption;
    private final AmdgpuVmFaultHandler faults;

    @Inject
    AmdkfdDriver(AmdgpuDriver gfx, KfdProcess process, KfdProcessQueueManager pqm, AmdgpuAmdkfdGpuvm gpuvm,
                 KfdSvm svm, KfdPreemption preemption, AmdgpuVmFaultHandler faults, Gpu gpu) {
        this.gfx = gfx;
        this.process = process;
        this.pqm = pqm;
        this.gpuvm = gpuvm;
        this.svm = svm;
        this.preemption = preemption;
        this.faults = faults;
        // amdgpu_irq_init() / gmc_v9_0: retry faults go to amdgpu_vm_handle_fault()
        gpu.onFault(faults);
    }

    /**
     * A fenced context is amdgpu_ctx_ioctl(); the others kfd_ioctl_create_queue(), in a process
     * whose XNACK mode the first queue fixes (kfd_ioctl_set_xnack_mode()).
     */
    @Override
    public GpuContext openContext(String name, String engine, GpuContext.Kind kind) {
        if (kind == GpuContext.Kind.FENCED) {
            return gfx.openContext(name, engine, kind);
        }
        process.setXnack(kind == GpuContext.Kind.FAULTING);
        GpuContext context = new GpuContext(name, engine, kind);
        pqm.createQueue(context);
        return context;
    }

    /**
     * A fenced submission is amdgpu_cs_ioctl(). For a user queue: the process's delayed restore
     * work runs first (see KfdProcess); its VM is acquired, its BOs allocated and fenced, its
     * userptr BOs' pages got, its SVM ranges set; then the packet is written and the doorbell
     * rung. No dma_fence: null.
     */
    @Override
    public DmaFence submit(Submission submission) {
        GpuContext context = submission.context();
        if (context.kind() == GpuContext.Kind.FENCED) {
            return gfx.submit(submission);
        }
        if (!pqm.isQueue(context)) {
            openContext(context.name(), context.engine(), context.kind());
        }
        restoreWorkers();
        gpuvm.acquireProcessVm();
        pqm.ensureCreated(context);
        for (String buffer : submission.buffers()) {
            gpuvm.memoryOfGpu(buffer);
        }
        for (Submission.UserptrRange range : submission.userptr()) {
            KgdMem mem = gpuvm.userptrCovering(range);
            if (mem != null) {
                gpuvm.initUserPages(mem);
            } else {
                svm.ensureRange(range);
            }
        }
        boolean shaders = !context.engine().startsWith("sdma");
        pqm.doorbell(context, new GpuJob(pqm.nextPacketName(context), submission.steps(), null, shaders));
        return null;
    }

    /** The delayed works: restore_process_worker, the userptr and the SVM restore works. */
    private void restoreWorkers() {
        process.restoreProcessWorker();
        gpuvm.restoreUserptrWorker();
        svm.restoreWork();
    }

    /** kfd_ioctl_alloc_memory_of_gpu() with KFD_IOC_ALLOC_MEM_FLAGS_USERPTR. */
    @Override
    public void createUserptr(String buffer, Submission.UserptrRange range) {
        gpuvm.registerUserptr(buffer, range);
    }

    @Override
    public Preemption preemption() {
        return preemption;
    }

    @Override
    public GpuFaultHandler faultHandler() {
        return faults;
    }

    @Override
    public DmaFence commit(String framebuffer, DmaFence inFence) {
        return gfx.commit(framebuffer, inFence);
    }
}
