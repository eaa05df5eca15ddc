package dev.fencecheck.drivers.armsoc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.kernel.model.DriverModel;
import dev.fencecheck.kernel.model.ModelExploration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A job that hangs is recovered by the driver's timeout handling: its fence signals (cancelled by
 * the reset; msm advances the ring past it), nothing deadlocks, and no published fence is left
 * unsignalled (FENCE-FINITE, FENCE-SIGNAL-ONCE).
 */
class HangRecoveryTest {
    @ParameterizedTest
    @ValueSource(strings = {"panfrost", "panfrost@5.8", "etnaviv", "msm", "msm@6.1", "v3d", "lima"})
    void aHungJobIsRecoveredAndItsFenceSignals(String id) {
        Set<String> statuses = Models.statuses();
        ModelExploration.Result r = Models.explore(id, DriverModel.Memory.plenty(),
                Models.submission(null, List.of(GpuStep.compute(), GpuStep.hang()), statuses));
        Models.assertSound(r);
        // recover_worker() completes msm's hung submit without an error; the others cancel it
        assertEquals(Set.of(id.startsWith("msm") ? "1" : "-125"), statuses, Models.describe(r));
        Set<String> rules = Models.rules(r);
        assertFalse(rules.contains("FENCE-FINITE") || rules.contains("FENCE-SIGNAL-ONCE"), Models.describe(r));
        assertTrue(rules.stream().allMatch(x -> x.startsWith("FENCE-ALLOC") || x.startsWith("FENCE-LOCK")),
                Models.describe(r));
    }

    /**
     * The recovery paths allocate with GFP_KERNEL inside the timeout work's signalling section:
     * etnaviv_gpu_recover_hang()'s kstrdup()s, msm recover_worker()'s crash state. (panfrost's
     * panfrost_core_dump() does too, but its lock pair is reported once, from run_job.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"etnaviv", "msm"})
    void theRecoveryPathAllocatesWithReclaim(String id) {
        String where = id.equals("etnaviv") ? "EtnavivGpu" : "MsmGpu";
        ModelExploration.Result r = Models.explore(id, DriverModel.Memory.plenty(),
                Models.submission(null, List.of(GpuStep.hang()), Models.statuses()));
        Models.assertSound(r);
        assertTrue(r.findings().stream().anyMatch(f -> "FENCE-ALLOC".equals(f.finding().rule())
                && f.finding().message().contains("drm_sched_tdr") && f.finding().message().contains(where)),
                Models.describe(r));
    }
}
