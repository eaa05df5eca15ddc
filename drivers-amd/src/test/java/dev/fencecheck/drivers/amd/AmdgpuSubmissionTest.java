package dev.fencecheck.drivers.amd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.driver.Driver;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.kernel.model.ModelExploration;
import dev.fencecheck.lockdep.ExecContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** (c) A basic graphics submission completes: its fence signals, without deadlock or finding. */
class AmdgpuSubmissionTest {

    static Submission simple(GpuContext ctx) {
        return new Submission(ctx, List.of("vb"), List.of(), List.of(),
                List.of(GpuStep.compute(), GpuStep.bo("vb")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"amdgpu", "amdkfd"})
    void aGraphicsSubmissionCompletes(String id) {
        Set<Integer> statuses = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = Models.explore(id, m -> {
            Driver d = m.driver();
            GpuContext ctx = d.openContext("gfx0", "gfx", GpuContext.Kind.FENCED);
            m.kernel().thread("submit", ExecContext.TASK, () -> {
                DmaFence f = d.submit(simple(ctx));
                f.await();
                statuses.add(f.status());
            });
        });
        assertNull(r.exploration().deadlock(), Models.describe(r));
        assertEquals(List.of(), Models.labels(r), Models.describe(r));
        assertEquals(Set.of(1), statuses);
        assertTrue(r.exploration().executions() > 0);
    }
}
