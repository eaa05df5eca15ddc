package dev.fencecheck.kernel.model;

import dev.fencecheck.exec.ModelThread;
import dev.fencecheck.lockdep.ExecContext;
import dev.fencecheck.lockdep.Site;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Kernel source: drivers/gpu/drm/amd/amdgpu/amdgpu_fence.c (amdgpu_fence_process()), as the example of a fence interrupt.
 * The GPU's end-of-job interrupt: a hard-irq handler that signals the hardware fence of every
 * completed job (amdgpu_fence_process() from the ring's EOP interrupt, panfrost_job_irq_handler(),
 * nouveau_fence_update()), with -EFAULT for a job whose fault was fatal. Fence callbacks (such as
 * the scheduler's drm_sched_job_done_cb()) run here, in interrupt context.
 */
final class GpuInterrupts {
    private record Completion(GpuRun run, String engine) {
    }

    private final ModelKernel kernel;
    private final String name;
    private final Deque<Completion> completed = new ArrayDeque<>();

    GpuInterrupts(ModelKernel kernel, String gpu) {
        this.kernel = kernel;
        this.name = "gpu-irq/" + gpu;
        ModelKthreads.of(kernel).kthread(kernel, name, ExecContext.HARDIRQ, this::handler);
    }

    /** The engine raises the interrupt for a completed job (called on the engine's thread). */
    void raise(GpuRun run, String engine) {
        ModelThread t = ModelThread.current();
        t.point(this, engine + ": " + run.job.name() + " done, raise interrupt", name);
        completed.add(new Completion(run, engine));
    }

    private void handler() {
        ModelKthreads kthreads = ModelKthreads.of(kernel);
        Site idle = Site.of(name, "wait for an interrupt");
        while (kthreads.idleWait(this, idle, () -> !completed.isEmpty(), () -> "a GPU interrupt")) {
            Completion c = completed.poll();
            ModelThread.current().point(this, "irq: " + c.engine() + " completed " + c.run().job.name(), name);
            if (c.run().job.fence() != null) {
                FenceErrors.signal(c.run().job.fence(), c.run().error);
            }
        }
    }
}
