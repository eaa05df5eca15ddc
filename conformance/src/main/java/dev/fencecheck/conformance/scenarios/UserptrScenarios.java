package dev.fencecheck.conformance.scenarios;

import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.kernel.Rules;
import dev.fencecheck.kernel.model.DriverModel;
import dev.fencecheck.lockdep.ExecContext;
import java.util.ArrayList;
import java.util.List;

/** The userptr scenarios: a range of user memory that the GPU uses while the process unmaps it. */
final class UserptrScenarios {
    static final long START = 0x100000;
    static final long LENGTH = 0x4000;

    private UserptrScenarios() {
    }

    static String skipWithoutUserptr(DriverDescriptor d) {
        return d.userptr() == DriverDescriptor.UserptrMode.NONE ? "the driver has no userptr support" : null;
    }

    /** Maps the range, creates the userptr buffer and submits a job using it; {@code gpuTouches}: its steps access the pages. */
    static void submitter(DriverModel.Instance m, boolean gpuTouches) {
        String engine = Engines.graphics(m.descriptor());
        Submission.UserptrRange range = new Submission.UserptrRange(START, LENGTH);
        m.kernel().mm().map(START, LENGTH);
        m.kernel().thread("ioctl", ExecContext.TASK, () -> {
            GpuContext ctx = m.driver().openContext("gfx0", engine, GpuContext.Kind.FENCED);
            m.driver().createUserptr("userptr0", range);
            List<GpuStep> steps = new ArrayList<>();
            steps.add(GpuStep.compute());
            if (gpuTouches) {
                steps.add(GpuStep.userptr(START));
                steps.add(GpuStep.userptr(START + LENGTH - 0x1000));
            }
            // A batch buffer and the userptr buffer, as a real submission has.
            DmaFence fence = m.driver().submit(new Submission(ctx, List.of("batch", "userptr0"), List.of(range),
                    List.of(), steps));
            if (fence != null) {
                fence.await();
            }
        });
        m.kernel().thread("munmap", ExecContext.TASK, () -> m.kernel().mm().unmap(START, LENGTH));
    }

    /** Userptr invalidation racing a submission: revalidation with the notifier sequence. */
    static final class InvalidationVsSubmit implements StandardScenario {
        @Override
        public String id() {
            return "userptr-invalidate-vs-submit";
        }

        @Override
        public String title() {
            return "userptr invalidation racing a submission";
        }

        @Override
        public List<String> rules() {
            return List.of(Rules.USERPTR_SEQ, Rules.USERPTR_COHERENT, Rules.FENCE_LOCK, Rules.FENCE_ALLOC,
                    Rules.RECLAIM_ALLOC);
        }

        @Override
        public String deadlockRule() {
            return Rules.FENCE_LOCK;
        }

        @Override
        public String skipReason(DriverDescriptor driver) {
            return skipWithoutUserptr(driver);
        }

        @Override
        public void threads(DriverModel.Instance m) {
            submitter(m, false);
        }
    }

    /** munmap while the GPU reads the range: no access to the old pages once the notifier returned. */
    static final class MunmapWhileGpuUses implements StandardScenario {
        @Override
        public String id() {
            return "munmap-while-gpu-uses-userptr";
        }

        @Override
        public String title() {
            return "munmap while the GPU uses a userptr range";
        }

        @Override
        public List<String> rules() {
            return List.of(Rules.USERPTR_COHERENT, Rules.USERPTR_SEQ, Rules.FENCE_LOCK);
        }

        @Override
        public String deadlockRule() {
            return Rules.USERPTR_COHERENT;
        }

        @Override
        public String skipReason(DriverDescriptor driver) {
            return skipWithoutUserptr(driver);
        }

        @Override
        public void threads(DriverModel.Instance m) {
            submitter(m, true);
        }
    }
}
