package dev.fencecheck.drivers.i915;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.kernel.model.DriverModel;
import dev.fencecheck.kernel.model.ModelExploration;
import dev.fencecheck.kernel.model.ModelKswapd;
import dev.fencecheck.kernel.model.ModelMemory;
import dev.fencecheck.lockdep.ExecContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The GEM shrinker waits for the GPU only from kswapd (I915_SHRINK_ACTIVE when
 * current_is_kswapd()); from any other reclaim it skips busy objects.
 */
class ShrinkerContractTest {
    /** 26 pages free, min watermark 16: the execbuf's few allocations take the zone below its high mark. */
    private static final DriverModel.Memory TIGHT = new DriverModel.Memory(1024, 1024 - 26);

    private static Submission job(GpuContext ctx, DmaFence inFence) {
        return new Submission(ctx, List.of("bo"), List.of(), inFence == null ? List.of() : List.of(inFence),
                List.of(GpuStep.bo("bo"), GpuStep.compute()));
    }

    /**
     * kswapd reclaiming while a job keeps its object busy: nothing deadlocks and nothing is found.
     * (The model's shrink_slab() asks for exactly count() objects, where do_shrink_slab() may ask
     * for up to twice as many; with every object trylocked, i915_gem_shrinker_scan() then never
     * needs its I915_SHRINK_ACTIVE pass, so the wait itself is checked below.)
     */
    @Test
    void kswapdReclaimsNextToABusyObject() {
        Set<Integer> statuses = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = I915Models.explore("i915", TIGHT, m -> {
            GpuContext ctx = m.driver().openContext("ctx0", "rcs0", GpuContext.Kind.FENCED);
            DmaFence inFence = m.kernel().fences().timeline("test.in-fence").create();
            DmaFence submitted = m.kernel().fences().timeline("test.submitted").create();
            m.kernel().thread("execbuf", ExecContext.TASK, () -> {
                DmaFence fence = m.driver().submit(job(ctx, inFence));
                submitted.signal();
                fence.await();
                statuses.add(fence.status());
            });
            m.kernel().thread("signaller", ExecContext.TASK, () -> {
                submitted.await();
                inFence.signal();
            });
            ModelKswapd.thread(m.kernel(), (ModelMemory) m.kernel().memory(), 2);
        });
        assertNull(r.exploration().deadlock(), I915Models.describe(r));
        assertEquals(List.of(), I915Models.labels(r), I915Models.describe(r));
        assertEquals(Set.of(1), statuses);
    }

    /** i915_gem_shrinker_scan() from kswapd, asked for more than the idle objects give, waits for the busy one. */
    @Test
    void kswapdWaitsForActiveObjects() {
        Set<String> outcomes = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = I915Models.explore("i915", DriverModel.Memory.plenty(), m -> {
            I915Driver driver = (I915Driver) m.driver();
            GpuContext ctx = driver.openContext("ctx0", "rcs0", GpuContext.Kind.FENCED);
            DmaFence inFence = m.kernel().fences().timeline("test.in-fence").create();
            DmaFence submitted = m.kernel().fences().timeline("test.submitted").create();
            DmaFence[] job = new DmaFence[1];
            m.kernel().thread("execbuf", ExecContext.TASK, () -> {
                job[0] = driver.submit(job(ctx, inFence));
                submitted.signal();
                job[0].await();
            });
            m.kernel().thread("kswapd0", ExecContext.TASK, () -> {
                submitted.await();
                long freed = driver.shrinker().scan(2 * driver.shrinker().count());
                outcomes.add("freed " + freed + ", job " + (job[0].isSignaled() ? "done" : "running")
                        + ", waits " + driver.shrinker().activeWaits());
            });
            m.kernel().thread("signaller", ExecContext.TASK, () -> {
                submitted.await();
                inFence.signal();
            });
        });
        assertNull(r.exploration().deadlock(), I915Models.describe(r));
        assertEquals(List.of(), I915Models.labels(r), I915Models.describe(r));
        assertTrue(outcomes.contains("freed 1, job done, waits 1"), outcomes + " " + I915Models.describe(r));
    }

    @Test
    void otherReclaimSkipsBusyObjects() {
        Set<Integer> activeWaits = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = I915Models.explore("i915", DriverModel.Memory.plenty(), m -> {
            I915Driver driver = (I915Driver) m.driver();
            GpuContext ctx = driver.openContext("ctx0", "rcs0", GpuContext.Kind.FENCED);
            DmaFence inFence = m.kernel().fences().timeline("test.in-fence").create();
            DmaFence submitted = m.kernel().fences().timeline("test.submitted").create();
            m.kernel().thread("execbuf", ExecContext.TASK, () -> {
                DmaFence fence = driver.submit(job(ctx, inFence));
                submitted.signal();
                fence.await();
            });
            // a direct reclaimer: the shrinker's scan from a thread that is not kswapd, while the job is queued
            m.kernel().thread("direct-reclaim", ExecContext.TASK, () -> {
                submitted.await();
                driver.shrinker().scan(128);
                inFence.signal();
            });
            m.kernel().atExecutionEnd(deadlocked -> activeWaits.add(driver.shrinker().activeWaits()));
        });
        assertNull(r.exploration().deadlock(), I915Models.describe(r));
        assertEquals(List.of(), I915Models.labels(r), I915Models.describe(r));
        assertEquals(Set.of(0), activeWaits);
    }
}
