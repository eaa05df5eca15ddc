package dev.fencecheck.drivers.armsoc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Preemption;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.kernel.model.DriverModel;
import dev.fencecheck.kernel.model.ModelExploration;
import dev.fencecheck.lockdep.ExecContext;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * etnaviv: PINNED userptr (pages pinned for the object's lifetime, no notifier), fatal faults,
 * no preemption, and a timeout handler that gives a front-end still making progress more time.
 */
class EtnavivContractTest {
    private static final long START = 0x100000;
    private static final long LENGTH = 0x4000;

    /**
     * A userptr submission racing munmap: the munmap never waits for the GPU (no notifier), the GPU
     * keeps accessing the pinned pages, so no GPU access after an invalidation is reported
     * (USERPTR-COHERENT holds), and the job completes, or the ioctl fails with -EFAULT if the
     * range was already gone.
     */
    @Test
    void pinnedUserptrStaysCoherentAgainstMunmap() {
        Set<String> statuses = Models.statuses();
        ModelExploration.Result r = Models.explore("etnaviv", DriverModel.Memory.plenty(), i -> {
            Submission.UserptrRange range = new Submission.UserptrRange(START, LENGTH);
            i.kernel().mm().map(START, LENGTH);
            i.kernel().thread("ioctl", ExecContext.TASK, () -> {
                GpuContext ctx = i.driver().openContext("gfx0", "3d", GpuContext.Kind.FENCED);
                i.driver().createUserptr("userptr0", range);
                DmaFence f = i.driver().submit(new Submission(ctx, List.of("userptr0"), List.of(range), List.of(),
                        List.of(GpuStep.compute(), GpuStep.userptr(START), GpuStep.userptr(START + 0x3000))));
                if (f == null) {
                    statuses.add("failed");
                    return;
                }
                f.await();
                statuses.add(String.valueOf(f.status()));
            });
            i.kernel().thread("munmap", ExecContext.TASK, () -> i.kernel().mm().unmap(START, LENGTH));
        }, 300);
        Models.assertSound(r);
        Set<String> rules = Models.rules(r);
        assertFalse(rules.contains("USERPTR-COHERENT"), Models.describe(r));
        assertTrue(statuses.contains("1"), Models.describe(r));
        assertTrue(Set.of("1", "failed").containsAll(statuses), Models.describe(r));
        // The submit ioctl's ww_acquire_init() comes before submit_pin_objects(), whose
        // etnaviv_gem_userptr_get_pages() might_lock_read()s mmap_lock: the primed order is
        // mmap_lock -> reservation_ww_class, so lockdep sees a circular dependency.
        assertTrue(r.findings().stream().anyMatch(f -> f.finding().rule() == null
                && f.finding().message().contains("mmap_lock -> dma_resv_acquire")), Models.describe(r));
    }

    /** The GPU's MMU exceptions are fatal: no fault handler, the job fails with -EFAULT. */
    @Test
    void faultsAreFatal() {
        Set<String> statuses = Models.statuses();
        ModelExploration.Result r = Models.explore("etnaviv", DriverModel.Memory.plenty(), i -> {
            assertNull(i.driver().faultHandler());
            assertSame(Preemption.NONE, i.driver().preemption());
            Models.submission(null, List.of(GpuStep.userptr(0x200000)), statuses).accept(i);
        });
        Models.assertSound(r);
        assertEquals(Set.of("-14"), statuses, Models.describe(r));
    }

    /**
     * etnaviv_sched_timedout_job(): a job completed since the last check counts as progress, and
     * the hung job gets one more period; the next check finds none and recovers. Both fences
     * signal, the hung one cancelled.
     */
    @Test
    void theTimeoutGivesAProgressingFrontEndMoreTimeThenRecovers() {
        Set<String> statuses = Models.statuses();
        ModelExploration.Result r = Models.explore("etnaviv", DriverModel.Memory.plenty(), i ->
                i.kernel().thread("ioctl", ExecContext.TASK, () -> {
                    GpuContext ctx = i.driver().openContext("gfx0", "3d", GpuContext.Kind.FENCED);
                    DmaFence quick = i.driver().submit(new Submission(ctx, List.of("bo0"), List.of(), List.of(),
                            List.of(GpuStep.compute())));
                    DmaFence hung = i.driver().submit(new Submission(ctx, List.of("bo1"), List.of(), List.of(),
                            List.of(GpuStep.hang())));
                    quick.await();
                    hung.await();
                    statuses.add(quick.status() + "/" + hung.status());
                }));
        Models.assertSound(r);
        assertEquals(Set.of("1/-125"), statuses, Models.describe(r));
        assertFalse(Models.rules(r).contains("FENCE-SIGNAL-ONCE"), Models.describe(r));
    }
}
