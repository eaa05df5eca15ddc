package dev.fencecheck.drivers.armsoc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.kernel.model.DriverModel;
import dev.fencecheck.kernel.model.ModelExploration;
import dev.fencecheck.lockdep.ExecContext;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * msm: a5xx ring preemption, the shrinker's bounded wait for active objects, faults reported but
 * not resolved, no userptr.
 */
class MsmContractTest {
    /**
     * 20 pages free above nothing reclaimable but the driver's objects: an 8-page GFP_KERNEL
     * allocation needs the shrinker to give back a 16-page object.
     */
    private static final DriverModel.Memory TIGHT = new DriverModel.Memory(1024, 1004);

    /** a5xx_preempt_trigger(): the context's ring leaves the CP, then runs again; its job completes. */
    @Test
    void preemptionTakesTheRingOffTheHardwareAndTheJobStillCompletes() {
        Set<String> seen = Models.statuses();
        ModelExploration.Result r = Models.explore("msm", DriverModel.Memory.plenty(), i -> {
            GpuContext[] ctx = new GpuContext[1];
            DmaFence[] fence = new DmaFence[1];
            i.kernel().thread("ioctl", ExecContext.TASK, () -> {
                ctx[0] = i.driver().openContext("low", "ring3", GpuContext.Kind.FENCED);
                fence[0] = i.driver().submit(new Submission(ctx[0], List.of("bo0"), List.of(), List.of(),
                        List.of(GpuStep.compute(), GpuStep.compute(), GpuStep.bo("bo0"), GpuStep.compute())));
                seen.add("preempted " + i.driver().preemption().preempt(ctx[0]));
                fence[0].await();
                seen.add("fence " + fence[0].status());
            });
        });
        Models.assertSound(r);
        assertEquals(Set.of("preempted true", "fence 1"), seen, Models.describe(r));
        assertNull(r.findings().stream().filter(f -> f.finding().rule() != null).findFirst().orElse(null),
                Models.describe(r));
    }

    /**
     * The shrinker waits for an active object's fence, up to 1000 jiffies, with its reservation
     * trylocked, then evicts it: a later allocation gets its memory, there is no RECLAIM-TRYLOCK
     * or RECLAIM-ALLOC finding and no deadlock.
     */
    @Test
    void theShrinkerWaitsBoundedlyForActiveObjects() {
        Set<String> seen = Models.statuses();
        ModelExploration.Result r = Models.explore("msm", TIGHT, i ->
                i.kernel().thread("ioctl", ExecContext.TASK, () -> {
                    GpuContext ctx = i.driver().openContext("gfx0", "ring0", GpuContext.Kind.FENCED);
                    DmaFence f = i.driver().submit(new Submission(ctx, List.of("bo0"), List.of(), List.of(),
                            List.of(GpuStep.bo("bo0"), GpuStep.compute())));
                    boolean activeBefore = !f.isSignaled();
                    boolean got = i.kernel().memory().alloc(Gfp.GFP_KERNEL, 8);
                    seen.add("alloc " + got + (got && activeBefore ? " past the active object" : ""));
                    f.await();
                    seen.add("fence " + f.status());
                }), 300);
        Models.assertSound(r);
        assertTrue(seen.contains("alloc true past the active object"), seen + "\n" + Models.describe(r));
        assertTrue(seen.contains("fence 1"), Models.describe(r));
        assertTrue(Models.rules(r).isEmpty(), Models.describe(r));
    }

    /**
     * A hung job: the shrinker's wait times out instead of blocking reclaim forever, the
     * allocation fails, and the hangcheck recovers the job. (The recovery's GFP_KERNEL is its
     * own finding.)
     */
    @Test
    void theShrinkersWaitForAHungJobIsBounded() {
        Set<String> seen = Models.statuses();
        ModelExploration.Result r = Models.explore("msm", TIGHT, i ->
                i.kernel().thread("ioctl", ExecContext.TASK, () -> {
                    GpuContext ctx = i.driver().openContext("gfx0", "ring0", GpuContext.Kind.FENCED);
                    DmaFence f = i.driver().submit(new Submission(ctx, List.of("bo0"), List.of(), List.of(),
                            List.of(GpuStep.bo("bo0"), GpuStep.hang())));
                    seen.add("alloc " + i.kernel().memory().alloc(Gfp.GFP_KERNEL, 8));
                    f.await();
                    seen.add("fence " + f.status());
                }), 300);
        Models.assertSound(r);
        assertTrue(seen.contains("alloc false") && seen.contains("fence 1"), seen + "\n" + Models.describe(r));
        Set<String> rules = Models.rules(r);
        assertFalse(rules.contains("RECLAIM-TRYLOCK") || rules.contains("RECLAIM-ALLOC"), Models.describe(r));
    }

    /** SMMU faults are reported, not resolved: no fault handler, the job fails with -EFAULT. */
    @Test
    void faultsAreNotResolved() {
        Set<String> statuses = Models.statuses();
        ModelExploration.Result r = Models.explore("msm", DriverModel.Memory.plenty(), i -> {
            assertNull(i.driver().faultHandler());
            assertFalse(i.descriptor().hardware().recoverableFaults());
            Models.submission("ring0", List.of(GpuStep.userptr(0x200000)), statuses).accept(i);
        });
        Models.assertSound(r);
        assertEquals(Set.of("-14"), statuses, Models.describe(r));
    }

    @Test
    void noUserptrAndNoLongRunningContexts() {
        Set<String> checked = Models.statuses();
        ModelExploration.Result r = Models.explore("msm", DriverModel.Memory.plenty(), i ->
                i.kernel().thread("ioctl", ExecContext.TASK, () -> {
                    assertThrows(UnsupportedOperationException.class, () -> i.driver().createUserptr("u",
                            new Submission.UserptrRange(0x100000, 0x1000)));
                    assertThrows(UnsupportedOperationException.class,
                            () -> i.driver().openContext("lr0", "ring3", GpuContext.Kind.LONG_RUNNING));
                    assertNull(i.driver().preemption().preemptFence(
                            new GpuContext("gfx0", "ring0", GpuContext.Kind.FENCED)));
                    checked.add("ok");
                }), 1);
        Models.assertSound(r);
        assertEquals(Set.of("ok"), checked);
    }
}
