package dev.fencecheck.drivers.amd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.driver.Driver;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.kernel.model.DriverModel;
import dev.fencecheck.kernel.model.ModelExploration;
import dev.fencecheck.kernel.model.ModelKernel;
import dev.fencecheck.lockdep.ExecContext;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * (d) Each historical variant shows the finding of the violation it reproduces, and mainline
 * amdgpu does not. Where mainline still has a violation of the same family open (V5's GFP_KERNEL
 * in the DC commit tail, V7's allocations in the TDR path), the test tells the variant's finding
 * apart by what it is about (a dma_resv lock), and checks that mainline keeps the open one.
 */
class AmdgpuVariantsTest {

    private static Consumer<DriverModel.Instance> submission(List<GpuStep> steps) {
        return m -> {
            Driver d = m.driver();
            GpuContext ctx = d.openContext("gfx0", "gfx", GpuContext.Kind.FENCED);
            m.kernel().thread("submit", ExecContext.TASK, () -> {
                DmaFence f = d.submit(new Submission(ctx, List.of("vb"), List.of(), List.of(), steps));
                f.await();
            });
        };
    }

    private static final Consumer<DriverModel.Instance> SUBMIT =
            submission(List.of(GpuStep.compute(), GpuStep.bo("vb")));
    private static final Consumer<DriverModel.Instance> HANG = submission(List.of(GpuStep.compute(), GpuStep.hang()));
    private static final Consumer<DriverModel.Instance> COMMIT = m -> {
        Driver d = m.driver();
        m.kernel().thread("commit", ExecContext.TASK, () -> d.commit("fb", null).await());
    };

    private static boolean any(ModelExploration.Result r, String rule, Predicate<ModelKernel.ScheduledFinding> p) {
        return Models.withRule(r, rule).stream().anyMatch(p);
    }

    private static Predicate<ModelKernel.ScheduledFinding> inThread(String prefix) {
        return f -> f.finding().thread().startsWith(prefix);
    }

    private static Predicate<ModelKernel.ScheduledFinding> about(String text) {
        return f -> f.finding().message().contains(text);
    }

    @Test
    void v1TheHardwareFenceAllocatedInRunJob() {
        ModelExploration.Result variant = Models.explore("amdgpu@5.8", SUBMIT);
        ModelExploration.Result mainline = Models.explore("amdgpu", SUBMIT);
        assertTrue(any(variant, "FENCE-ALLOC", inThread("drm_sched/gfx").and(about("SlabHwFence58"))),
                Models.describe(variant));
        assertEquals(List.of(), Models.labels(mainline), Models.describe(mainline));
    }

    @Test
    void v2v3TheVmidGrabAllocatingInPrepareJob() {
        ModelExploration.Result variant = Models.explore("amdgpu@5.8-vmid", SUBMIT);
        ModelExploration.Result mainline = Models.explore("amdgpu", SUBMIT);
        assertTrue(any(variant, "FENCE-ALLOC", inThread("drm_sched/gfx").and(about("VmidAllocations58"))),
                Models.describe(variant));
        assertEquals(List.of(), Models.labels(mainline), Models.describe(mainline));
    }

    @Test
    void v5v6TheCommitTailAllocatingAndReservingTheFramebuffer() {
        ModelExploration.Result variant = Models.explore("amdgpu@5.8-dc", COMMIT);
        ModelExploration.Result mainline = Models.explore("amdgpu", COMMIT);
        // V6: dma_resv_lock in the commit tail, fixed in v5.11
        assertTrue(any(variant, "FENCE-LOCK", inThread("commit").and(about("dma_resv"))), Models.describe(variant));
        assertFalse(any(mainline, "FENCE-LOCK", f -> true), Models.describe(mainline));
        // V5: GFP_KERNEL in the commit tail, open in both (a baseline entry for mainline)
        assertTrue(any(variant, "FENCE-ALLOC", inThread("commit")), Models.describe(variant));
        assertTrue(any(mainline, "FENCE-ALLOC", inThread("commit").and(about("AmdgpuDmCommitTail"))),
                Models.describe(mainline));
    }

    @Test
    void v7v10TheResetPathDoingFullModesets() {
        ModelExploration.Result variant = Models.explore("amdgpu@5.8-tdr", HANG);
        ModelExploration.Result mainline = Models.explore("amdgpu", HANG);
        // V10: drm_atomic_helper_resume()'s prepare_fb reserves the scanout BO inside the TDR
        assertTrue(any(variant, "FENCE-LOCK", inThread("drm_sched_tdr/gfx").and(about("dma_resv"))),
                Models.describe(variant));
        assertFalse(any(mainline, "FENCE-LOCK", f -> true), Models.describe(mainline));
        // V7: the reset path allocates with GFP_KERNEL, open in both (a baseline entry for mainline)
        assertTrue(any(variant, "FENCE-ALLOC", inThread("drm_sched_tdr/gfx")), Models.describe(variant));
        assertTrue(any(mainline, "FENCE-ALLOC", inThread("drm_sched_tdr/gfx").and(about("CachedDcStateReset"))),
                Models.describe(mainline));
    }
}
