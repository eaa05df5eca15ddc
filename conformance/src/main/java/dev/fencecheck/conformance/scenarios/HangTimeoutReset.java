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
 * A job hangs the GPU: the job timeout (TDR) must fire and the reset must signal every published
 * fence, with an error, whatever userspace does; the timeout handler and the reset are fence
 * signalling paths themselves.
 */
public final class HangTimeoutReset implements StandardScenario {
    @Override
    public String id() {
        return "gpu-hang-timeout-reset";
    }

    @Override
    public String title() {
        return "a GPU hang with timeout and reset";
    }

    @Override
    public List<String> rules() {
        return List.of(Rules.FENCE_FINITE, Rules.FENCE_SIGNAL_ONCE, Rules.FENCE_ALLOC, Rules.FENCE_LOCK,
                Rules.FENCE_WAIT_NEST);
    }

    @Override
    public String deadlockRule() {
        return Rules.FENCE_FINITE;
    }

    @Override
    public String skipReason(DriverDescriptor driver) {
        return null;
    }

    @Override
    public void threads(DriverModel.Instance m) {
        String engine = Engines.graphics(m.descriptor());
        m.kernel().thread("ioctl", ExecContext.TASK, () -> {
            GpuContext ctx = m.driver().openContext("gfx0", engine, GpuContext.Kind.FENCED);
            DmaFence fence = m.driver().submit(new Submission(ctx, List.of("bo0"), List.of(), List.of(),
                    List.of(GpuStep.compute(), GpuStep.hang())));
            if (fence != null) {
                fence.await();
            }
        });
    }
}
