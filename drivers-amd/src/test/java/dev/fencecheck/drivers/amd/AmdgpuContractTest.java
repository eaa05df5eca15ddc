package dev.fencecheck.drivers.amd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.driver.Driver;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuConfig;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.kernel.model.ModelExploration;
import dev.fencecheck.lockdep.ExecContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** (b) amdgpu's behaviours do what its descriptor declares. */
class AmdgpuContractTest {
    private static final Submission.UserptrRange RANGE = new Submission.UserptrRange(Models.USERPTR, Models.PAGE);

    @Test
    void theDescriptorIsTruthfulAboutTheHardware() {
        DriverDescriptor d = Models.provider("amdgpu").descriptor();
        assertEquals(DriverDescriptor.UserptrMode.NOTIFIER_WAITS_FOR_FENCES, d.userptr());
        assertEquals(DriverDescriptor.FaultMitigation.NO_RECOVERABLE_FAULTS, d.faultMitigation());
        assertFalse(d.hardware().recoverableFaults());
        assertEquals(GpuConfig.Preemption.NONE, d.hardware().preemption());
        assertTrue(d.hardware().sharedComputeUnits());
        assertNull(d.reproduces());
    }

    /**
     * NOTIFIER_WAITS_FOR_FENCES: once a submission using a userptr range has published its
     * fence, a munmap of the range waits for that fence in the notifier: when munmap returns,
     * the fence is signalled, and the GPU never touched the pages after the invalidation.
     */
    @Test
    void theUserptrNotifierWaitsForTheJobsFence() {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = Models.explore("amdgpu", m -> {
            Driver d = m.driver();
            m.kernel().mm().map(Models.USERPTR, Models.PAGE);
            GpuContext ctx = d.openContext("gfx0", "gfx", GpuContext.Kind.FENCED);
            d.createUserptr("user", RANGE);
            DmaFence submitted = m.kernel().fences().timeline("test").create();
            AtomicReference<DmaFence> published = new AtomicReference<>();
            m.kernel().thread("submit", ExecContext.TASK, () -> {
                DmaFence f = d.submit(userptrJob(ctx));
                published.set(f);
                submitted.publish();
                submitted.signal();
                f.await();
            });
            m.kernel().thread("munmap", ExecContext.TASK, () -> {
                submitted.await();
                m.kernel().mm().unmap(Models.USERPTR, Models.PAGE);
                seen.add(published.get().isSignaled() ? "munmap waited for the fence" : "munmap did not wait");
            });
        });
        assertNull(r.exploration().deadlock(), Models.describe(r));
        assertEquals(List.of(), Models.labels(r), Models.describe(r));
        assertEquals(Set.of("munmap waited for the fence"), seen, Models.describe(r));
    }

    /**
     * USERPTR-SEQ and USERPTR-COHERENT: a submission racing a munmap, in any order, revalidates
     * the range under notifier_lock and either publishes a fence the notifier waits for or
     * fails: no GPU access after the invalidation, no deadlock, no finding.
     */
    @Test
    void aSubmissionRacingMunmapStaysCoherent() {
        Set<String> outcomes = ConcurrentHashMap.newKeySet();
        for (long seed : new long[] {0, 1}) {
            ModelExploration.Result r = Models.exploreSeeded("amdgpu", seed, Models.BUDGET, m -> {
                Driver d = m.driver();
                m.kernel().mm().map(Models.USERPTR, Models.PAGE);
                GpuContext ctx = d.openContext("gfx0", "gfx", GpuContext.Kind.FENCED);
                d.createUserptr("user", RANGE);
                m.kernel().thread("submit", ExecContext.TASK, () -> {
                    DmaFence f = d.submit(userptrJob(ctx));
                    if (f == null) {
                        outcomes.add("-EFAULT");
                    } else {
                        f.await();
                        outcomes.add("status " + f.status());
                    }
                });
                m.kernel().thread("munmap", ExecContext.TASK,
                        () -> m.kernel().mm().unmap(Models.USERPTR, Models.PAGE));
            });
            assertNull(r.exploration().deadlock(), Models.describe(r));
            assertEquals(List.of(), Models.labels(r), Models.describe(r));
        }
        assertFalse(outcomes.isEmpty());
    }

    private static Submission userptrJob(GpuContext ctx) {
        return new Submission(ctx, List.of(), List.of(RANGE), List.of(),
                List.of(GpuStep.userptr(Models.USERPTR), GpuStep.compute()));
    }

    /** Graphics page faults are not resolved: a job touching an unmapped userptr page fails. */
    @Test
    void aGraphicsFaultIsNotResolved() {
        Set<Integer> statuses = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = Models.explore("amdgpu", m -> {
            Driver d = m.driver();
            assertNull(d.faultHandler());
            GpuContext ctx = d.openContext("gfx0", "gfx", GpuContext.Kind.FENCED);
            m.kernel().thread("submit", ExecContext.TASK, () -> {
                DmaFence f = d.submit(new Submission(ctx, List.of(), List.of(), List.of(),
                        List.of(GpuStep.userptr(Models.USERPTR))));
                f.await();
                statuses.add(f.status());
            });
        });
        assertNull(r.exploration().deadlock(), Models.describe(r));
        assertEquals(List.of(), Models.labels(r), Models.describe(r));
        assertEquals(Set.of(Errno.EFAULT), statuses);
    }

    /** No preemption: mid-command-buffer preemption is off by default. */
    @Test
    void graphicsContextsAreNotPreempted() {
        ModelExploration.Result r = Models.explore("amdgpu", m -> {
            Driver d = m.driver();
            GpuContext ctx = d.openContext("gfx0", "gfx", GpuContext.Kind.FENCED);
            m.kernel().thread("preempt", ExecContext.TASK, () -> {
                assertFalse(d.preemption().preempt(ctx));
                assertNull(d.preemption().preemptFence(ctx));
            });
        });
        assertEquals(List.of(), r.failures());
    }

    /** A hung job times out; GPU recovery cancels it, so its fence still signals, with an error. */
    @Test
    void aHungJobIsRecovered() {
        Set<Integer> statuses = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = Models.explore("amdgpu", m -> {
            Driver d = m.driver();
            GpuContext ctx = d.openContext("gfx0", "gfx", GpuContext.Kind.FENCED);
            m.kernel().thread("submit", ExecContext.TASK, () -> {
                DmaFence f = d.submit(new Submission(ctx, List.of(), List.of(), List.of(),
                        List.of(GpuStep.compute(), GpuStep.hang())));
                f.await();
                statuses.add(f.status());
            });
        });
        assertNull(r.exploration().deadlock(), Models.describe(r));
        assertEquals(Set.of(Errno.ECANCELED), statuses);
    }
}
