package dev.fencecheck.drivers.armsoc.lima;

import dev.fencecheck.api.kernel.Gpu;
import dev.fencecheck.api.kernel.GpuFault;
import dev.fencecheck.api.kernel.GpuFaultHandler;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * {@code lima_gp.c} and {@code lima_sched.c}: the PLBU's out-of-heap interrupt
 * ({@code lima_gp_irq_handler()}: {@code LIMA_GP_IRQ_PLBU_OUT_OF_MEM}) makes
 * {@code lima_sched_pipe_task_done()} schedule the pipe's recover work for a recoverable task;
 * {@code lima_sched_recover_work()} flushes the L2 cache and the MMU TLB and calls
 * {@code lima_gp_task_recover()}, which grows the heap ({@code lima_heap_alloc()}) and lets the PLBU
 * resume "from where we stopped". The GP task, and its fence, wait for all of it. Any other MMU
 * fault fails the task.
 *
 * <p>In the model the PLBU's write past the heap is the access that stalls, and the fault worker
 * stands in for the system workqueue running the recover work.
 */
@Singleton
final class LimaGp implements GpuFaultHandler {
    private final LimaDevice ldev;
    private final LimaSched sched;
    private final LimaHeap heap;

    @Inject
    LimaGp(LimaDevice ldev, LimaSched sched, LimaHeap heap, Gpu gpu) {
        this.ldev = ldev;
        this.sched = sched;
        this.heap = heap;
        // lima_gp_init(): devm_request_irq(..., lima_gp_irq_handler, ...); lima_sched_pipe_init():
        // INIT_WORK(&pipe->recover_work, lima_sched_recover_work)
        gpu.onFault(this);
    }

    @Override
    public boolean handle(GpuFault fault) {
        if (!ldev.heapGrowth.contains(fault.address())) {
            // lima_mmu_irq_handler(): a page fault: pipe->task_mmu_error() ends the task with an error
            return false;
        }
        LimaTask task = sched.currentTask(LimaPipe.GP);
        if (task == null || !task.recoverable) {
            return false; // drm_sched_fault(&pipe->base)
        }
        return taskRecover(task);
    }

    // lima_gp_task_recover(): "if (fail_size == task->heap->heap_size)" grow the heap, then
    // LIMA_GP_CMD_UPDATE_PLBU_ALLOC with the new range; an error makes lima_sched_recover_work()
    // call drm_sched_fault(), which the model shortens to failing the task
    private boolean taskRecover(LimaTask task) {
        return heap.alloc(task.heap) == 0;
    }
}
