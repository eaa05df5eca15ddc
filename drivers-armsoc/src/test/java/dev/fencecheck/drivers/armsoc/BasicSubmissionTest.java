package dev.fencecheck.drivers.armsoc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.kernel.model.DriverModel;
import dev.fencecheck.kernel.model.ModelExploration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A basic submission on the graphics engine: its fence signals without error, nothing deadlocks,
 * and the only findings are the driver's documented ones (its baseline).
 */
class BasicSubmissionTest {
    /**
     * What each model finds in a plain submission, and why (these are the baseline lines):
     * panfrost, etnaviv, v3d and lima allocate their hardware fence with GFP_KERNEL in run_job;
     * panfrost's MMU fault thread takes the tiler heap's dma_resv to grow it, lima's recover work
     * the PLBU heap's, and v3d's overflow work the new BO's, all while a job's fence waits.
     * panfrost@5.8 takes the shmem pages_lock instead, which is held around shmem allocations.
     * Mainline msm is clean; msm@6.1 is V16.
     */
    static final Map<String, Set<String>> BASELINE = Map.of(
            "panfrost", Set.of("FENCE-ALLOC", "FENCE-LOCK"),
            "panfrost@5.8", Set.of("FENCE-ALLOC"),
            "etnaviv", Set.of("FENCE-ALLOC"),
            "msm", Set.of(),
            "msm@6.1", Set.of("FENCE-ALLOC", "FENCE-LOCK"),
            "v3d", Set.of("FENCE-ALLOC", "FENCE-LOCK"),
            "lima", Set.of("FENCE-ALLOC", "FENCE-LOCK"));

    @ParameterizedTest
    @ValueSource(strings = {"panfrost", "panfrost@5.8", "etnaviv", "msm", "msm@6.1", "v3d", "lima"})
    void aSubmissionCompletesWithOnlyTheDocumentedFindings(String id) {
        Set<String> statuses = Models.statuses();
        ModelExploration.Result r = Models.explore(id, DriverModel.Memory.plenty(),
                Models.submission(null, List.of(GpuStep.compute(), GpuStep.bo("bo0")), statuses));
        Models.assertSound(r);
        assertEquals(Set.of("1"), statuses, Models.describe(r));
        assertEquals(BASELINE.get(id), Models.rules(r), Models.describe(r));
    }
}
