package dev.fencecheck.conformance.scenarios;

import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.kernel.Rules;
import dev.fencecheck.kernel.model.DriverModel;
import dev.fencecheck.lockdep.ExecContext;
import java.util.List;

/**
 * Command submission while memory is short: another process allocates with GFP_KERNEL, so direct
 * reclaim runs the shrinkers (the driver's among them) and may wait on the very fence the
 * submission is publishing. Everything between publishing the fence and signalling it must not
 * depend on reclaim (V1: amdgpu_fence_emit() allocating in run_job).
 */
public final class SubmitUnderMemoryPressure implements StandardScenario {
    @Override
    public String id() {
        return "submit-under-memory-pressure";
    }

    @Override
    public String title() {
        return "command submission under memory pressure";
    }

    @Override
    public List<String> rules() {
        return List.of(Rules.FENCE_ALLOC, Rules.FENCE_LOCK, Rules.FENCE_WAIT_NEST, Rules.FENCE_ATOMIC,
                Rules.FENCE_SIGNAL_ONCE, Rules.FENCE_FINITE, Rules.RECLAIM_ALLOC, Rules.RECLAIM_TRYLOCK);
    }

    @Override
    public String deadlockRule() {
        return Rules.FENCE_ALLOC;
    }

    @Override
    public String skipReason(DriverDescriptor driver) {
        return null;
    }

    @Override
    public DriverModel.Memory memory() {
        return DriverModel.Memory.pressure();
    }

    @Override
    public void threads(DriverModel.Instance m) {
        String engine = Engines.graphics(m.descriptor());
        m.kernel().thread("ioctl", ExecContext.TASK, () -> {
            GpuContext ctx = m.driver().openContext("gfx0", engine, GpuContext.Kind.FENCED);
            // A submission with a vertex buffer and a render target, as almost every one has.
            DmaFence fence = m.driver().submit(new Submission(ctx, List.of("bo0", "bo1"), List.of(), List.of(),
                    List.of(GpuStep.compute(), GpuStep.bo("bo0"), GpuStep.bo("bo1"))));
            if (fence != null) {
                fence.await();
            }
        });
        m.kernel().thread("other-process", ExecContext.TASK, () -> m.kernel().memory().alloc(Gfp.GFP_KERNEL, 16));
    }
}
