package dev.fencecheck.drivers.i915;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.kernel.model.DriverModel;
import dev.fencecheck.kernel.model.ModelExploration;
import dev.fencecheck.lockdep.ExecContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A plain execbuf completes: its fence signals without error, nothing deadlocks, nothing is found. */
class BasicSubmissionTest {
    @ParameterizedTest
    @ValueSource(strings = {"i915", "i915@5.8", "i915@5.8-execbuf"})
    void aSubmissionWithoutNewBuffersCompletes(String id) {
        Set<Integer> statuses = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = I915Models.explore(id, DriverModel.Memory.plenty(), m -> {
            GpuContext ctx = m.driver().openContext("ctx0", "rcs0", GpuContext.Kind.FENCED);
            m.kernel().thread("execbuf", ExecContext.TASK, () -> {
                DmaFence fence = m.driver().submit(new Submission(ctx, List.of(), List.of(), List.of(),
                        List.of(GpuStep.compute())));
                assertNotNull(fence);
                fence.await();
                statuses.add(fence.status());
            });
        });
        assertNull(r.exploration().deadlock(), I915Models.describe(r));
        assertEquals(List.of(), I915Models.labels(r), I915Models.describe(r));
        assertEquals(Set.of(1), statuses);
    }

    @org.junit.jupiter.api.Test
    void theMainlineSubmissionOfABufferCompletes() {
        Set<Integer> statuses = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = I915Models.explore("i915", DriverModel.Memory.plenty(), m -> {
            GpuContext ctx = m.driver().openContext("ctx0", "rcs0", GpuContext.Kind.FENCED);
            m.kernel().thread("execbuf", ExecContext.TASK, () -> {
                DmaFence fence = m.driver().submit(new Submission(ctx, List.of("vb", "batch"), List.of(), List.of(),
                        List.of(GpuStep.compute(), GpuStep.bo("vb"))));
                assertNotNull(fence);
                fence.await();
                statuses.add(fence.status());
            });
        });
        assertNull(r.exploration().deadlock(), I915Models.describe(r));
        assertEquals(List.of(), I915Models.labels(r), I915Models.describe(r));
        assertEquals(Set.of(1), statuses);
    }
}
