package dev.fencecheck.drivers.nouveau;

import static dev.fencecheck.drivers.nouveau.NouveauModelTest.EFAULT;
import static dev.fencecheck.drivers.nouveau.NouveauModelTest.PAGE;
import static dev.fencecheck.drivers.nouveau.NouveauModelTest.USERPTR;
import static dev.fencecheck.drivers.nouveau.NouveauModelTest.assertNoDeadlock;
import static dev.fencecheck.drivers.nouveau.NouveauModelTest.assertNoRule;
import static dev.fencecheck.drivers.nouveau.NouveauModelTest.assertRule;
import static dev.fencecheck.drivers.nouveau.NouveauModelTest.explore;
import static dev.fencecheck.drivers.nouveau.NouveauModelTest.labels;
import static dev.fencecheck.drivers.nouveau.NouveauModelTest.thread;
import static dev.fencecheck.drivers.nouveau.NouveauModelTest.userptrSubmission;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.kernel.model.DriverModel;
import dev.fencecheck.kernel.model.ModelExploration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * (b) What the descriptor claims: NOTIFIER_CLEARS_PAGE_TABLES, recoverable (replayable) faults
 * resolved by nouveau_svm_fault(), copy-engine migration, and the open R14 gap behind
 * FaultMitigation NONE.
 */
class NouveauSvmContractTest {
    /**
     * NOTIFIER_CLEARS_PAGE_TABLES: a job reads SVM memory while the process unmaps it. The
     * notifier zaps the GPU page tables instead of waiting: munmap returns while the job still
     * runs (it then hangs, so its fence never signals), and no GPU access after the
     * invalidation returned is possible (no USERPTR-COHERENT).
     */
    @Test
    void theNotifierClearsTheGpuPageTablesWithoutWaitingForFences() {
        AtomicLong unmapped = new AtomicLong();
        ModelExploration.Result r = explore(DriverModel.Memory.plenty(), inst -> {
            inst.kernel().mm().map(USERPTR, PAGE);
            GpuContext gr = inst.driver().openContext("svm", "gr", GpuContext.Kind.FAULTING);
            thread(inst, "submit", () -> inst.driver().submit(userptrSubmission(gr,
                    GpuStep.userptr(USERPTR), GpuStep.userptr(USERPTR), GpuStep.hang())));
            thread(inst, "munmap", () -> {
                inst.kernel().mm().unmap(USERPTR, PAGE);
                unmapped.incrementAndGet();
            });
        });
        // A thread blocked for good is a deadlock of the exploration (see the control below), so
        // munmap returned in every execution.
        assertNoDeadlock(r);
        assertTrue(unmapped.get() > 0);
        assertNoRule(r, "USERPTR-COHERENT");
    }

    /** Control for the test above: waiting for the hung job's fence does block for good. */
    @Test
    void waitingForTheHungJobIsReportedAsADeadlock() {
        ModelExploration.Result r = explore(DriverModel.Memory.plenty(), inst -> {
            inst.kernel().mm().map(USERPTR, PAGE);
            GpuContext gr = inst.driver().openContext("svm", "gr", GpuContext.Kind.FAULTING);
            thread(inst, "submit", () -> inst.driver().submit(userptrSubmission(gr,
                    GpuStep.userptr(USERPTR), GpuStep.hang())).await());
        });
        assertTrue(r.exploration().deadlock() != null, "the waiter never returns");
        assertTrue(r.exploration().deadlock().blocked().toString().contains("to be signalled"),
                r.exploration().deadlock().blocked()::toString);
    }

    /** The same race with a job that completes: it either finishes or its fault is cancelled. */
    @Test
    void aJobRacingMunmapCompletesOrFailsWithEfaultButNeverReadsFreedPages() {
        Set<Integer> statuses = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = explore(DriverModel.Memory.plenty(), inst -> {
            inst.kernel().mm().map(USERPTR, PAGE);
            GpuContext gr = inst.driver().openContext("svm", "gr", GpuContext.Kind.FENCED);
            thread(inst, "submit", () -> {
                DmaFence f = inst.driver().submit(userptrSubmission(gr, GpuStep.userptr(USERPTR)));
                f.await();
                statuses.add(f.status());
            });
            thread(inst, "munmap", () -> inst.kernel().mm().unmap(USERPTR, PAGE));
        });
        assertNoDeadlock(r);
        assertNoRule(r, "USERPTR-COHERENT");
        assertTrue(statuses.contains(1), statuses::toString);
        assertTrue(statuses.contains(EFAULT), statuses::toString);
    }

    /** Recoverable faults: the GPU page tables start empty; the fault handler maps the page. */
    @Test
    void theFaultHandlerResolvesAnSvmFault() {
        Set<Integer> statuses = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = explore(DriverModel.Memory.plenty(), inst -> {
            inst.kernel().mm().map(USERPTR, PAGE);
            GpuContext gr = inst.driver().openContext("svm", "gr", GpuContext.Kind.FAULTING);
            thread(inst, "submit", () -> {
                DmaFence f = inst.driver().submit(userptrSubmission(gr, GpuStep.userptr(USERPTR),
                        GpuStep.compute(), GpuStep.userptr(USERPTR + 8)));
                f.await();
                statuses.add(f.status());
            });
        });
        assertNoDeadlock(r);
        assertTrue(r.exploration().complete());
        assertEquals(Set.of(1), statuses, "the job completes without error: its fault was replayed");
        assertNoRule(r, "USERPTR-COHERENT");
    }

    /** A fault on memory the process never mapped is cancelled: the job fails with -EFAULT. */
    @Test
    void aFaultOnUnmappedMemoryIsCancelled() {
        Set<Integer> statuses = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = explore(DriverModel.Memory.plenty(), inst -> {
            GpuContext gr = inst.driver().openContext("svm", "gr", GpuContext.Kind.FAULTING);
            thread(inst, "submit", () -> {
                DmaFence f = inst.driver().submit(userptrSubmission(gr, GpuStep.userptr(USERPTR)));
                f.await();
                statuses.add(f.status());
            });
        });
        assertNoDeadlock(r);
        assertEquals(Set.of(EFAULT), statuses);
    }

    /**
     * The open R14 gap (kernel-reference.md 6, inference), which mainline keeps: a FAULTING
     * context still gets a dma_fence, and a fault of its job is handled in that fence's
     * signalling path: hmm_range_fault() takes mmap_lock (FENCE-LOCK) and the handler allocates
     * with GFP_KERNEL (FENCE-ALLOC). These are baseline entries for nouveau.
     */
    @Test
    void faultingChannelsStillEmitFencesThatWaitForTheFaultHandler() {
        Set<Boolean> fenced = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = explore(DriverModel.Memory.plenty(), inst -> {
            inst.kernel().mm().map(USERPTR, PAGE);
            GpuContext gr = inst.driver().openContext("compute", "gr", GpuContext.Kind.FAULTING);
            thread(inst, "submit", () -> {
                DmaFence f = inst.driver().submit(userptrSubmission(gr, GpuStep.userptr(USERPTR)));
                fenced.add(f != null);
                f.await();
            });
        });
        assertNoDeadlock(r);
        assertEquals(Set.of(true), fenced);
        assertRule(r, "FENCE-LOCK");
        assertRule(r, "FENCE-ALLOC");
    }

    /**
     * R16: NOUVEAU_SVM_BIND migrates the range to VRAM with copies on the copy engine and waits
     * for their nouveau_fence under mmap_read_lock, which the rules allow; nothing is reported.
     */
    @Test
    void svmBindMigratesOnTheCopyEngineAndWaitsForItsFence() {
        Set<Integer> chunks = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = explore(DriverModel.Memory.plenty(), inst -> {
            inst.kernel().mm().map(USERPTR, 2 * PAGE);
            thread(inst, "svm-bind", () -> {
                inst.driver().createUserptr("buf", new Submission.UserptrRange(USERPTR, 2 * PAGE));
                chunks.add(((NouveauDrm) inst.driver()).dmem().chunks());
            });
        });
        assertNoDeadlock(r);
        assertTrue(r.exploration().complete());
        assertEquals(Set.of(1), chunks);
        assertEquals(List.of(), labels(r));
    }

    /**
     * An inference the model surfaces: nouveau takes {@code svmm->mutex} in its mmu notifier and
     * holds it around GFP_KERNEL allocations in nvkm_vmm_pfn_map() (PFNMAP), so direct reclaim
     * from inside the fault path can recurse into the notifier: lockdep's circular dependency
     * svmm->mutex -> fs_reclaim -> mmu_notifier -> svmm->mutex.
     */
    @Test
    void svmmMutexIsHeldAroundReclaimingAllocations() {
        ModelExploration.Result r = explore(DriverModel.Memory.plenty(), inst -> {
            inst.kernel().mm().map(USERPTR, PAGE);
            thread(inst, "svm-bind", () -> inst.driver().createUserptr("buf",
                    new Submission.UserptrRange(USERPTR, PAGE)));
            thread(inst, "munmap", () -> inst.kernel().mm().unmap(USERPTR, PAGE));
        });
        assertNoDeadlock(r);
        assertTrue(r.findings().stream().anyMatch(f -> f.finding().label().startsWith("circular-dependency")
                && f.finding().message().contains("nouveau_svmm.mutex")), () -> labels(r).toString());
    }

    /**
     * The same inference under memory pressure: the fault worker holds {@code svmm->mutex}
     * while PFNMAP allocates, direct reclaim unmaps the process's own pages, and nouveau's mmu
     * notifier waits for {@code svmm->mutex}: the worker deadlocks on itself, and the faulting
     * job's fence never signals.
     */
    @Test
    void reclaimFromThePfnmapAllocationDeadlocksOnSvmmMutex() {
        long capacity = 1 << 10;
        // the pushbuf's allocations succeed, the fault path's enter direct reclaim
        DriverModel.Memory tight = new DriverModel.Memory(capacity, capacity - 22);
        ModelExploration.Result r = explore(tight, inst -> {
            inst.kernel().mm().map(USERPTR, PAGE);
            GpuContext gr = inst.driver().openContext("svm", "gr", GpuContext.Kind.FAULTING);
            thread(inst, "submit", () -> {
                DmaFence f = inst.driver().submit(userptrSubmission(gr, GpuStep.userptr(USERPTR)));
                if (f != null) {
                    f.await();
                }
            });
        });
        assertTrue(r.exploration().deadlock() != null, () -> labels(r).toString());
        assertTrue(r.exploration().deadlock().blocked().toString()
                .contains("waiting for nouveau_svmm.mutex, held by gpu-fault/gp100"),
                r.exploration().deadlock().blocked()::toString);
    }
}
