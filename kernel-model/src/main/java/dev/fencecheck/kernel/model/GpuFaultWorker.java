package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.GpuFault;
import dev.fencecheck.api.kernel.GpuFaultHandler;
import dev.fencecheck.exec.ModelThread;
import dev.fencecheck.kernel.KernelThread;
import dev.fencecheck.lockdep.ExecContext;
import dev.fencecheck.lockdep.Site;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Kernel source: drivers/gpu/drm/amd/amdgpu/amdgpu_vm.c (amdgpu_vm_handle_fault()), as the example of a fault worker.
 * Where recoverable GPU page faults are handled: the fault interrupt forwards them to a worker
 * (amdgpu's soft IH ring and amdgpu_vm_handle_fault(), nouveau_svm_fault(), panfrost's threaded
 * MMU irq) that runs the driver's {@link GpuFaultHandler}. A job with a dma_fence waits for the
 * handler, so for such a job the handler runs in a fence signalling section.
 */
final class GpuFaultWorker {
    private record Pending(GpuFault fault, GpuRun run, ModelGpuEngine engine) {
    }

    private final ModelKernel kernel;
    private final String name;
    private final Deque<Pending> faults = new ArrayDeque<>();
    private GpuFaultHandler handler;

    GpuFaultWorker(ModelKernel kernel, String gpu) {
        this.kernel = kernel;
        this.name = "gpu-fault/" + gpu;
        ModelKthreads.of(kernel).kthread(kernel, name, ExecContext.TASK, this::worker);
    }

    void setHandler(GpuFaultHandler handler) {
        this.handler = handler;
    }

    /** The fault interrupt: queues the fault for the worker (called on the engine's thread). */
    void raise(GpuFault fault, GpuRun run, ModelGpuEngine engine) {
        ModelThread.current().point(this, engine.name() + ": page fault at 0x" + Long.toHexString(fault.address())
                + " by " + run.job.name() + ", raise fault interrupt", name);
        faults.add(new Pending(fault, run, engine));
    }

    private void worker() {
        ModelKthreads kthreads = ModelKthreads.of(kernel);
        Site idle = Site.of(name, "wait for a page fault");
        while (kthreads.idleWait(this, idle, () -> !faults.isEmpty(), () -> "a GPU page fault")) {
            Pending p = faults.poll();
            Site s = Site.of(name, "handle page fault at 0x" + Long.toHexString(p.fault().address()) + " of "
                    + p.run().job.name());
            ModelThread.current().point(this, s.operation(), s.source());
            p.engine().faultHandled(p.run(), handle(p, s));
        }
    }

    private boolean handle(Pending p, Site s) {
        if (handler == null) {
            return false;
        }
        if (p.run().job.fence() == null) {
            return handler.handle(p.fault());
        }
        KernelThread kt = kernel.current();
        kernel.lockdep().beginSignalling(kt, s);
        try {
            return handler.handle(p.fault());
        } finally {
            kernel.lockdep().endSignalling(kt, s);
        }
    }
}
