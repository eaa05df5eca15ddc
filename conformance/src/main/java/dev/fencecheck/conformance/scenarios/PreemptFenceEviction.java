package dev.fencecheck.conformance.scenarios;

import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuConfig;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.kernel.Rules;
import dev.fencecheck.kernel.model.DriverModel;
import dev.fencecheck.lockdep.ExecContext;
import java.util.List;

/**
 * A long-running compute context is evicted through its preempt fence: eviction waits on the
 * fence, and the driver must preempt the context within bounded time (amdkfd eviction fences,
 * xe preempt fences), obeying the fence rules on the way.
 */
public final class PreemptFenceEviction implements StandardScenario {
    @Override
    public String id() {
        return "preempt-fence-eviction";
    }

    @Override
    public String title() {
        return "eviction of a long-running compute context through its preempt fence";
    }

    @Override
    public List<String> rules() {
        return List.of(Rules.PREEMPT_FENCE, Rules.FENCE_ALLOC, Rules.FENCE_LOCK, Rules.FENCE_FINITE);
    }

    @Override
    public String deadlockRule() {
        return Rules.PREEMPT_FENCE;
    }

    @Override
    public String skipReason(DriverDescriptor driver) {
        if (driver.hardware().preemption() == GpuConfig.Preemption.NONE) {
            return "the hardware cannot preempt, so the driver has no long-running contexts";
        }
        return null;
    }

    @Override
    public void threads(DriverModel.Instance m) {
        String engine = Engines.compute(m.descriptor());
        GpuContext[] context = new GpuContext[1];
        m.kernel().thread("compute-process", ExecContext.TASK, () -> {
            context[0] = m.driver().openContext("lr0", engine, GpuContext.Kind.LONG_RUNNING);
            DmaFence endOfBatch = m.driver().submit(new Submission(context[0], List.of("lrbo"), List.of(),
                    List.of(), List.of(GpuStep.compute(), GpuStep.bo("lrbo"), GpuStep.compute())));
            if (endOfBatch != null) {
                // dma-buf.rst, "Indefinite DMA Fences": no end-of-batch dma_fence for long-running
                // compute; its completion is userspace's to know, not bounded in time
                throw new RuleViolation(Rules.FENCE_FINITE, "submit() on a LONG_RUNNING context returned dma_fence "
                        + endOfBatch.name() + ", an end-of-batch fence for work that may run indefinitely");
            }
        });
        m.kernel().thread("eviction", ExecContext.TASK, () -> {
            // ttm_bo_evict(): wait for the buffer's fences, the preempt fence among them.
            if (context[0] == null) {
                return; // nothing to evict yet in this interleaving
            }
            DmaFence preempt = m.driver().preemption().preemptFence(context[0]);
            if (preempt != null) {
                preempt.await();
            }
        });
    }
}
