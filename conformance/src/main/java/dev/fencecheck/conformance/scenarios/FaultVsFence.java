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
 * A compute job page-faults while a 3D job with a dma_fence waits for shared compute units: the
 * fault handler allocates, reclaim may wait on the 3D job's fence, and the 3D job waits for the
 * compute units the faulting job holds (dma-buf.rst, "Recoverable Hardware Page Faults
 * Implications").
 */
public final class FaultVsFence implements StandardScenario {
    static final long FAULT_ADDRESS = 0x200000;

    @Override
    public String id() {
        return "fault-vs-fence-shared-cu";
    }

    @Override
    public String title() {
        return "a compute job's page fault while a 3D job with a fence waits for shared compute units";
    }

    @Override
    public List<String> rules() {
        return List.of(Rules.FAULT_PROGRESS, Rules.FAULT_NO_FENCE, Rules.FENCE_ALLOC, Rules.FENCE_LOCK);
    }

    @Override
    public String deadlockRule() {
        return Rules.FAULT_PROGRESS;
    }

    @Override
    public String skipReason(DriverDescriptor driver) {
        if (!driver.hardware().recoverableFaults()) {
            return "page faults are not recoverable on this hardware";
        }
        return null;
    }

    @Override
    public DriverModel.Memory memory() {
        return DriverModel.Memory.pressure();
    }

    @Override
    public void threads(DriverModel.Instance m) {
        String compute = Engines.compute(m.descriptor());
        String graphics = Engines.graphics(m.descriptor());
        m.kernel().mm().map(FAULT_ADDRESS, 0x1000);
        m.kernel().thread("compute-process", ExecContext.TASK, () -> {
            GpuContext ctx = m.driver().openContext("svm0", compute, GpuContext.Kind.FAULTING);
            DmaFence fence = m.driver().submit(new Submission(ctx, List.of(), List.of(), List.of(),
                    List.of(GpuStep.userptr(FAULT_ADDRESS), GpuStep.compute())));
            if (fence != null) {
                // dma-buf.rst, "Recoverable Hardware Page Faults Implications": such work completes
                // with userspace fences only.
                throw new RuleViolation(Rules.FAULT_NO_FENCE, "submit() on a FAULTING context returned dma_fence "
                        + fence.name() + " for work that relies on recoverable page faults");
            }
        });
        m.kernel().thread("3d-process", ExecContext.TASK, () -> {
            GpuContext ctx = m.driver().openContext("gfx0", graphics, GpuContext.Kind.FENCED);
            DmaFence fence = m.driver().submit(new Submission(ctx, List.of("vb"), List.of(), List.of(),
                    List.of(GpuStep.compute(), GpuStep.bo("vb"))));
            if (fence != null) {
                fence.await();
            }
        });
    }
}
