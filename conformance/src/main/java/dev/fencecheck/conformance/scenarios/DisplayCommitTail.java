package dev.fencecheck.conformance.scenarios;

import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.kernel.Rules;
import dev.fencecheck.kernel.model.DriverModel;
import dev.fencecheck.lockdep.ExecContext;
import java.util.List;

/**
 * A display commit: the commit tail waits for the rendering fence, flips, and signals the
 * out-fence at vblank; from the commit's publication to that signal it is a fence signalling
 * section (V5/V6: amdgpu_dm_atomic_commit_tail allocating and taking dma_resv).
 */
public final class DisplayCommitTail implements StandardScenario {
    @Override
    public String id() {
        return "display-commit-tail";
    }

    @Override
    public String title() {
        return "a display commit tail waiting on and signalling fences";
    }

    @Override
    public List<String> rules() {
        return List.of(Rules.FENCE_ALLOC, Rules.FENCE_LOCK, Rules.FENCE_WAIT_NEST, Rules.FENCE_FINITE);
    }

    @Override
    public String deadlockRule() {
        return Rules.FENCE_LOCK;
    }

    @Override
    public String skipReason(DriverDescriptor driver) {
        return null; // known at run time: a driver without display returns no out-fence
    }

    @Override
    public DriverModel.Memory memory() {
        return DriverModel.Memory.pressure();
    }

    @Override
    public void threads(DriverModel.Instance m) {
        String engine = Engines.graphics(m.descriptor());
        m.kernel().thread("compositor", ExecContext.TASK, () -> {
            GpuContext ctx = m.driver().openContext("gfx0", engine, GpuContext.Kind.FENCED);
            DmaFence rendered = m.driver().submit(new Submission(ctx, List.of("fb0"), List.of(), List.of(),
                    List.of(GpuStep.compute(), GpuStep.bo("fb0"))));
            DmaFence flipped = m.driver().commit("fb0", rendered);
            if (flipped == null) {
                throw new NoDisplay();
            }
            flipped.await();
        });
        m.kernel().thread("other-process", ExecContext.TASK,
                () -> m.kernel().memory().alloc(dev.fencecheck.api.kernel.Gfp.GFP_KERNEL, 16));
    }

    /** Thrown by the scenario when the driver has no display: the result is a skip. */
    public static final class NoDisplay extends RuntimeException {
        public NoDisplay() {
            super("the driver has no display", null, false, false);
        }
    }
}
