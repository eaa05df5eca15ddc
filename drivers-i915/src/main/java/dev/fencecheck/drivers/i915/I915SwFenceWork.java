package dev.fencecheck.drivers.i915;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.DriverContext;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.GpuScheduler;
import dev.fencecheck.api.kernel.Job;
import dev.fencecheck.api.kernel.SchedulerBackend;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * {@code struct dma_fence_work} ({@code i915_sw_fence_work.c}): a work item with a dma_fence that
 * runs once the fences it awaits (its i915_sw_fence chain) have signalled, on
 * {@code system_unbound_wq}, and signals its fence when done. The SPI's only kernel thread is a
 * GPU scheduler's, so a scheduler without timeout stands for the workqueue: the job's
 * dependencies are the chain, run_job is fence_work(), the finished fence is {@code f->dma}.
 * Its run_job runs in a fence signalling section, which is what "drm/i915: Annotate
 * dma_fence_work" added to fence_work() (round 2 of the dma-fence annotations, 18/18).
 */
@Singleton
final class I915SwFenceWork implements SchedulerBackend {
    private final GpuScheduler workqueue;
    private final Fences.FenceTimeline errors;

    @Inject
    I915SwFenceWork(DriverContext context, Fences fences) {
        this.workqueue = context.createScheduler("i915_sw_fence_work", this, GpuScheduler.NO_TIMEOUT);
        this.errors = fences.timeline("i915.dma_fence_work.error");
    }

    /** One dma_fence_work: {@code ops->work} returns 0 or a negative errno. */
    private record Work(String name, List<DmaFence> dependencies, IntSupplier work) implements Job {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * dma_fence_work_init() (the item is allocated by its user, GFP_KERNEL), the awaits on its
     * chain, then dma_fence_work_commit(): returns {@code f->dma}.
     */
    DmaFence commit(String name, List<DmaFence> await, IntSupplier work) {
        return workqueue.submit(new Work(name, List.copyOf(await), work));
    }

    // i915_sw_fence_work.c: fence_work(): err = f->ops->work(f); dma_fence_set_error(); dma_fence_signal()
    @Override
    public DmaFence runJob(Job job) {
        int err = ((Work) job).work().getAsInt();
        if (err < 0) {
            DmaFence failed = errors.create();
            failed.signal(err);
            return failed;
        }
        return null;
    }

    @Override
    public void timedoutJob(Job job) {
        throw new IllegalStateException("dma_fence_work has no timeout");
    }
}
