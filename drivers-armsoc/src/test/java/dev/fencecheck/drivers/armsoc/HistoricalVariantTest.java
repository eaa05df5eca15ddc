package dev.fencecheck.drivers.armsoc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.kernel.model.DriverModel;
import dev.fencecheck.kernel.model.ModelExploration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each historical variant shows the finding of the behaviour it reproduces, and the mainline model
 * of its driver does not.
 *
 * <p>msm@6.1 reproduces V16: job_run allocates the hw fence with GFP_KERNEL (FENCE-ALLOC), takes each
 * object's dma_resv (FENCE-LOCK), and resumes the GPU through devfreq and PM-QoS locks held around
 * allocations elsewhere (FENCE-LOCK). Mainline msm, with Rob Clark's series applied, shows none.
 */
class HistoricalVariantTest {
    private static ModelExploration.Result submit(String id) {
        Set<String> statuses = Models.statuses();
        ModelExploration.Result r = Models.explore(id, DriverModel.Memory.plenty(),
                Models.submission("ring0", List.of(GpuStep.compute(), GpuStep.bo("bo0")), statuses));
        Models.assertSound(r);
        assertEquals(Set.of("1"), statuses, Models.describe(r));
        return r;
    }

    @Test
    void msm61AllocatesAndLocksInJobRun() {
        ModelExploration.Result r = submit("msm@6.1");
        // msm_job_run(): submit->hw_fence = msm_fence_alloc(fctx)
        assertTrue(Models.found(r, "FENCE-ALLOC", "MsmFenceContext"), Models.describe(r));
        // msm_job_run(): msm_gem_lock(obj)
        assertTrue(Models.found(r, "FENCE-LOCK", "dma_resv_lock(bo0"), Models.describe(r));
        // pm_runtime_get_sync() -> devfreq_resume_device(): devfreq->lock, held around PM-QoS allocations
        assertTrue(Models.found(r, "FENCE-LOCK", "devfreq.lock"), Models.describe(r));
    }

    @Test
    void mainlineMsmIsClean() {
        ModelExploration.Result r = submit("msm");
        assertEquals(Set.of(), Models.rules(r), Models.describe(r));
    }

    private static ModelExploration.Result tilerJob(String id) {
        Set<String> statuses = Models.statuses();
        ModelExploration.Result r = Models.explore(id, DriverModel.Memory.plenty(),
                Models.submission("js1", List.of(GpuStep.compute(), GpuStep.bo("bo0")), statuses));
        Models.assertSound(r);
        assertEquals(Set.of("1"), statuses, Models.describe(r));
        return r;
    }

    /**
     * panfrost@5.8 grows the tiler heap under the shmem pages_lock, which is held around shmem
     * allocations: the fault thread's cycle runs through it. Mainline takes the heap's dma_resv
     * instead (FENCE-LOCK against the primed dma_resv -> fs_reclaim order).
     */
    @Test
    void panfrost58GrowsTheHeapUnderThePagesLock() {
        ModelExploration.Result old = tilerJob("panfrost@5.8");
        assertTrue(Models.found(old, "FENCE-ALLOC", "drm_gem_shmem.pages_lock"), Models.describe(old));
        assertFalse(Models.found(old, "FENCE-LOCK", "tiler-heap"), Models.describe(old));
        ModelExploration.Result mainline = tilerJob("panfrost");
        assertFalse(mainline.findings().stream().anyMatch(f -> f.finding().message().contains("pages_lock")),
                Models.describe(mainline));
        assertTrue(Models.found(mainline, "FENCE-LOCK", "dma_resv_lock(tiler-heap"), Models.describe(mainline));
    }
}
