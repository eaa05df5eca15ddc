package dev.fencecheck.drivers.amd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.driver.Driver;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuConfig;
import dev.fencecheck.api.kernel.GpuFaultHandler;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Mutex;
import dev.fencecheck.kernel.model.DriverModel;
import dev.fencecheck.kernel.model.ModelExploration;
import dev.fencecheck.lockdep.ExecContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** (b) amdkfd's behaviours do what its descriptor declares. */
@SuppressWarnings("try") // lock holds are try-with-resources, as kernel code reads
class AmdkfdContractTest {
    private static final Submission.UserptrRange RANGE = new Submission.UserptrRange(Models.USERPTR, Models.PAGE);

    @Test
    void theDescriptorIsTruthfulAboutTheHardware() {
        DriverDescriptor d = Models.provider("amdkfd").descriptor();
        assertEquals(DriverDescriptor.UserptrMode.NOTIFIER_PREEMPTS_QUEUES, d.userptr());
        assertEquals(DriverDescriptor.FaultMitigation.PREEMPT_WITH_FAULT_PENDING, d.faultMitigation());
        assertTrue(d.hardware().recoverableFaults());
        assertEquals(GpuConfig.Preemption.MID_JOB, d.hardware().preemption());
        assertTrue(d.hardware().preemptWithFaultPending());
        assertTrue(d.preemptionLatency() > 0);
        assertNull(d.reproduces());
    }

    /**
     * NOTIFIER_PREEMPTS_QUEUES: a long-running queue uses a userptr BO and touches it again at
     * its end while a munmap of the range runs: the notifier evicts the queues, so the GPU never
     * touches the pages after the invalidation returned, and nothing waits for a fence.
     */
    @Test
    void theUserptrNotifierEvictsTheQueues() {
        for (long seed : new long[] {1, 2}) {
            ModelExploration.Result r = Models.exploreSeeded("amdkfd", seed, Models.BUDGET, m -> {
                Driver d = m.driver();
                m.kernel().mm().map(Models.USERPTR, Models.PAGE);
                GpuContext ctx = d.openContext("queue0", "compute", GpuContext.Kind.LONG_RUNNING);
                d.createUserptr("user", RANGE);
                m.kernel().thread("submit", ExecContext.TASK, () -> assertNull(d.submit(new Submission(ctx,
                        List.of("data"), List.of(RANGE), List.of(), List.of(GpuStep.userptr(Models.USERPTR),
                        GpuStep.compute(), GpuStep.userptr(Models.USERPTR))))));
                m.kernel().thread("munmap", ExecContext.TASK,
                        () -> m.kernel().mm().unmap(Models.USERPTR, Models.PAGE));
            });
            assertNull(r.exploration().deadlock(), Models.describe(r));
            assertEquals(List.of(), Models.labels(r), Models.describe(r));
        }
    }

    /**
     * Recoverable faults (FAULTING, XNACK on): the queue's SVM range is not mapped until the
     * GPU faults on it; the fault handler (svm_range_restore_pages()) maps the pages and the
     * access is replayed.
     */
    @Test
    void aFaultOfAnXnackProcessIsResolved() {
        Set<Boolean> results = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = Models.explore("amdkfd", m -> {
            Driver d = m.driver();
            m.kernel().mm().map(Models.USERPTR, Models.PAGE);
            GpuContext ctx = d.openContext("queue0", "compute", GpuContext.Kind.FAULTING);
            observeFaults(m, d, results);
            m.kernel().thread("submit", ExecContext.TASK, () -> assertNull(d.submit(new Submission(ctx, List.of(),
                    List.of(RANGE), List.of(), List.of(GpuStep.userptr(Models.USERPTR), GpuStep.compute())))));
        });
        assertNull(r.exploration().deadlock(), Models.describe(r));
        assertEquals(List.of(), Models.labels(r), Models.describe(r));
        assertEquals(Set.of(true), results);
    }

    /** LONG_RUNNING (XNACK off): a fault is not resolved, the wave traps. */
    @Test
    void aFaultWithoutXnackIsNotResolved() {
        Set<Boolean> results = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = Models.explore("amdkfd", m -> {
            Driver d = m.driver();
            m.kernel().mm().map(Models.USERPTR, Models.PAGE);
            GpuContext ctx = d.openContext("queue0", "compute", GpuContext.Kind.LONG_RUNNING);
            observeFaults(m, d, results);
            m.kernel().thread("submit", ExecContext.TASK, () -> assertNull(d.submit(new Submission(ctx, List.of(),
                    List.of(), List.of(), List.of(GpuStep.userptr(Models.USERPTR))))));
        });
        assertNull(r.exploration().deadlock(), Models.describe(r));
        assertEquals(List.of(), Models.labels(r), Models.describe(r));
        assertEquals(Set.of(false), results);
    }

    private static void observeFaults(DriverModel.Instance m, Driver d, Set<Boolean> results) {
        GpuFaultHandler handler = d.faultHandler();
        assertNotNull(handler);
        m.kernel().gpu().onFault(fault -> {
            boolean resolved = handler.handle(fault);
            results.add(resolved);
            return resolved;
        });
    }

    /**
     * PREEMPT-FENCE: a long-running queue runs a kernel that never ends; an mmu notifier (of
     * another GPU driver, say) waits for the process's eviction fence during a munmap. Waiting
     * enables signalling, which evicts the queues (CWSR preemption) and signals the fence: the
     * munmap completes, without finding.
     */
    @Test
    void theEvictionFenceIsAPreemptFence() {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = Models.explore("amdkfd", m -> {
            Driver d = m.driver();
            GpuContext ctx = d.openContext("queue0", "compute", GpuContext.Kind.LONG_RUNNING);
            DmaFence preempt = d.preemption().preemptFence(ctx);
            assertNotNull(preempt);
            long other = Models.USERPTR + 0x100000;
            m.kernel().mm().map(other, Models.PAGE);
            Mutex otherLock = m.kernel().locks().mutex("other_driver->notifier_lock");
            m.kernel().mm().insertNotifier(other, Models.PAGE, (n, event, blockable, seq) -> {
                if (!blockable) {
                    return false;
                }
                try (Held h = otherLock.lock()) {
                    n.setSeq(seq);
                    preempt.await();
                }
                return true;
            });
            DmaFence submitted = m.kernel().fences().timeline("test").create();
            m.kernel().thread("submit", ExecContext.TASK, () -> {
                d.submit(new Submission(ctx, List.of("data"), List.of(), List.of(),
                        List.of(GpuStep.compute(), GpuStep.hang())));
                submitted.publish();
                submitted.signal();
            });
            m.kernel().thread("munmap", ExecContext.TASK, () -> {
                submitted.await();
                m.kernel().mm().unmap(other, Models.PAGE);
                seen.add(preempt.isSignaled() ? "evicted" : "not evicted");
            });
        });
        assertNull(r.exploration().deadlock(), Models.describe(r));
        assertEquals(List.of(), Models.labels(r), Models.describe(r));
        assertEquals(Set.of("evicted"), seen);
    }

    /** Preempting a user queue takes it off the hardware (CWSR) and maps it again. */
    @Test
    void aUserQueueIsPreemptedAndResumed() {
        Set<Boolean> preempted = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = Models.explore("amdkfd", m -> {
            Driver d = m.driver();
            GpuContext queue = d.openContext("queue0", "compute", GpuContext.Kind.LONG_RUNNING);
            GpuContext gfx = d.openContext("gfx0", "gfx", GpuContext.Kind.FENCED);
            m.kernel().thread("submit", ExecContext.TASK, () -> {
                d.submit(new Submission(queue, List.of(), List.of(), List.of(),
                        List.of(GpuStep.compute(), GpuStep.compute())));
                preempted.add(d.preemption().preempt(queue));
                preempted.add(!d.preemption().preempt(gfx));
            });
        });
        assertNull(r.exploration().deadlock(), Models.describe(r));
        assertEquals(List.of(), Models.labels(r), Models.describe(r));
        assertEquals(Set.of(true), preempted);
    }
}
