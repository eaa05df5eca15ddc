package dev.fencecheck.drivers.i915;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.Test;

/**
 * Each historical variant shows the FENCE-ALLOC of its 2020 finding, where it happened, and the
 * mainline model of the same scenario does not.
 */
class HistoricalVariantsTest {
    /** One execbuf of two buffers the device has never seen: both get pages, a bind and a fence slot. */
    private static final Consumer<DriverModel.Instance> TWO_NEW_BUFFERS = m -> {
        GpuContext ctx = m.driver().openContext("ctx0", "rcs0", GpuContext.Kind.FENCED);
        m.kernel().thread("execbuf", ExecContext.TASK, () -> {
            DmaFence fence = m.driver().submit(new Submission(ctx, List.of("vb", "batch"), List.of(), List.of(),
                    List.of(GpuStep.bo("vb"), GpuStep.compute())));
            if (fence != null) {
                fence.await();
            }
        });
    };

    private static List<ModelKernel.ScheduledFinding> fenceAlloc(ModelExploration.Result r) {
        return r.findings().stream().filter(f -> "FENCE-ALLOC".equals(f.finding().rule())).toList();
    }

    private static boolean mentions(ModelKernel.ScheduledFinding f, String where) {
        return String.valueOf(f.finding().site()).contains(where) || f.finding().message().contains(where)
                || String.join("\n", f.finding().report()).contains(where);
    }

    @Test
    void v58AllocatesInTheDmaFenceWorkWorker() {
        ModelExploration.Result r = I915Models.explore("i915@5.8", DriverModel.Memory.plenty(), TWO_NEW_BUFFERS);
        assertNull(r.exploration().deadlock(), I915Models.describe(r));
        List<ModelKernel.ScheduledFinding> found = fenceAlloc(r);
        assertFalse(found.isEmpty(), I915Models.describe(r));
        assertTrue(found.stream().anyMatch(f -> mentions(f, "AllocVaRangeInWorker")), I915Models.describe(r));
        assertTrue(found.stream().noneMatch(f -> mentions(f, "ReserveInMoveToActive")), I915Models.describe(r));
    }

    @Test
    void v58ExecbufAllocatesAfterPublishingItsFence() {
        ModelExploration.Result r = I915Models.explore("i915@5.8-execbuf", DriverModel.Memory.plenty(),
                TWO_NEW_BUFFERS);
        assertNull(r.exploration().deadlock(), I915Models.describe(r));
        List<ModelKernel.ScheduledFinding> found = fenceAlloc(r);
        assertFalse(found.isEmpty(), I915Models.describe(r));
        // the allocation is the fence-slot reservation, inside the section opened at the first publication
        assertTrue(found.stream().anyMatch(f -> mentions(f, "FenceSlotReservation") && mentions(f, "ExecbufAnnotated")),
                I915Models.describe(r));
        assertTrue(found.stream().noneMatch(f -> mentions(f, "AllocVaRangeInWorker")), I915Models.describe(r));
    }

    @Test
    void mainlineDoesNotShowEither() {
        ModelExploration.Result r = I915Models.explore("i915", DriverModel.Memory.plenty(), TWO_NEW_BUFFERS);
        assertNull(r.exploration().deadlock(), I915Models.describe(r));
        assertTrue(fenceAlloc(r).isEmpty(), I915Models.describe(r));
        assertTrue(I915Models.labels(r).isEmpty(), I915Models.describe(r));
    }
}
