package dev.fencecheck.conformance.scenarios;

import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.kernel.Rules;
import dev.fencecheck.kernel.model.DriverModel;
import dev.fencecheck.kernel.model.ModelKswapd;
import dev.fencecheck.kernel.model.ModelMemory;
import dev.fencecheck.lockdep.ExecContext;
import java.util.List;

/**
 * kswapd reclaims while a process submits: the driver's shrinker runs against its own
 * submission path, and may only trylock reservations and allocate without reclaim.
 */
public final class ShrinkerVsSubmit implements StandardScenario {
    @Override
    public String id() {
        return "shrinker-vs-submit";
    }

    @Override
    public String title() {
        return "the shrinker against submission";
    }

    @Override
    public List<String> rules() {
        return List.of(Rules.RECLAIM_ALLOC, Rules.RECLAIM_TRYLOCK, Rules.FENCE_ALLOC, Rules.FENCE_LOCK);
    }

    @Override
    public String deadlockRule() {
        return Rules.RECLAIM_TRYLOCK;
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
            DmaFence first = m.driver().submit(new Submission(ctx, List.of("bo0", "bo1"), List.of(), List.of(),
                    List.of(GpuStep.bo("bo0"), GpuStep.bo("bo1"))));
            if (first != null) {
                first.await();
            }
        });
        ModelKswapd.thread(m.kernel(), (ModelMemory) m.kernel().memory(), 1);
    }
}
