package dev.fencecheck.kernel.modeltest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.DmaResv.Usage;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.exec.CoopExecution;
import dev.fencecheck.exec.ExplorationResult;
import dev.fencecheck.exec.Explorer;
import dev.fencecheck.kernel.model.ModelKernel;
import dev.fencecheck.lockdep.ExecContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** dma_resv on modelled threads: wait-die back-off, fence slots by usage, and what lockdep makes of them. */
class ResvSemanticsTest {

    /** What one exploration of the back-off model saw, over all its executions. */
    private static final class BackOffs {
        final List<CoopExecution> executions = new ArrayList<>();
        final List<ModelKernel> kernels = new ArrayList<>();
        final List<String> backedOff = new ArrayList<>();
    }

    /**
     * Locks every object under one acquire context, as drm_exec does: on -EDEADLK unlock all,
     * sleep on the contended object with lockSlow, and start again.
     */
    private static void lockAll(ModelKernel k, List<DmaResv> objects, List<String> contextOrder, BackOffs seen) {
        String me = k.currentThread();
        try (DmaResv.WwAcquireContext ctx = k.reservations().acquireContext()) {
            contextOrder.add(me);
            List<DmaResv> held = new ArrayList<>();
            DmaResv contended = null;
            while (true) {
                if (contended != null) {
                    contended.lockSlow(ctx);
                    held.add(contended);
                }
                DmaResv failed = null;
                for (DmaResv r : objects) {
                    if (r == contended) {
                        continue;
                    }
                    int ret = r.lock(ctx);
                    if (ret == DmaResv.EDEADLK) {
                        failed = r;
                        break;
                    }
                    assertEquals(0, ret);
                    held.add(r);
                }
                if (failed == null) {
                    break;
                }
                // wait-die: only the younger context (the later ww_acquire_init) ever dies
                assertEquals(contextOrder.get(1), me, "the older context backed off");
                seen.backedOff.add(me);
                held.forEach(DmaResv::unlock);
                held.clear();
                contended = failed;
            }
            ctx.done();
            held.forEach(DmaResv::unlock);
        }
    }

    private static CoopExecution oppositeOrders(BackOffs seen) {
        CoopExecution e = new CoopExecution(10_000);
        ModelKernel k = FenceModels.kernel(e);
        seen.executions.add(e);
        seen.kernels.add(k);
        DmaResv a = k.reservations().create("bo_a");
        DmaResv b = k.reservations().create("bo_b");
        List<String> contextOrder = new ArrayList<>();
        k.thread("t1", ExecContext.TASK, () -> lockAll(k, List.of(a, b), contextOrder, seen));
        k.thread("t2", ExecContext.TASK, () -> lockAll(k, List.of(b, a), contextOrder, seen));
        return e.start();
    }

    @Test
    void oppositeOrdersNeverDeadlockBecauseTheYoungerContextBacksOff() {
        BackOffs seen = new BackOffs();
        ExplorationResult r = new Explorer(() -> oppositeOrders(seen), 100_000, 0, 0).explore();
        assertTrue(r.complete());
        assertNull(r.deadlock(), () -> r.deadlock().blocked() + " after " + r.deadlock().scheduleString());
        assertEquals(List.of(), seen.executions.stream().flatMap(e -> e.failures().stream()).toList());
        assertTrue(seen.backedOff.contains("t1") && seen.backedOff.contains("t2"), seen.backedOff::toString);
        // nested under their acquire contexts, resv locks of one class are no lockdep report
        assertEquals(List.of(), seen.kernels.stream().flatMap(k -> k.findings().stream()).toList());
    }

    @Test
    void withoutAcquireContextsOppositeOrdersDeadlock() {
        ExplorationResult r = new Explorer(() -> {
            CoopExecution e = new CoopExecution(10_000);
            ModelKernel k = FenceModels.kernel(e);
            DmaResv a = k.reservations().create("bo_a");
            DmaResv b = k.reservations().create("bo_b");
            k.thread("t1", ExecContext.TASK, () -> {
                try (Held ha = a.lock(); Held hb = b.lock()) {
                    k.mightSleep();
                }
            });
            k.thread("t2", ExecContext.TASK, () -> {
                try (Held hb = b.lock(); Held ha = a.lock()) {
                    k.mightSleep();
                }
            });
            return e.start();
        }, 1_000, 0, 0).explore();
        assertNotNull(r.deadlock());
        assertTrue(r.deadlock().blocked().stream().allMatch(b -> b.contains("dma_resv_lock")),
                r.deadlock().blocked()::toString);
    }

    @Test
    void lockingTwiceUnderOneContextIsEalready() {
        List<Integer> results = new ArrayList<>();
        FenceModels.Solo solo = FenceModels.alone(k -> {
            DmaResv a = k.reservations().create("bo_a");
            try (DmaResv.WwAcquireContext ctx = k.reservations().acquireContext()) {
                results.add(a.lock(ctx));
                results.add(a.lock(ctx));
                a.unlock();
            }
        });
        assertEquals(List.of(), solo.failures());
        assertEquals(List.of(0, DmaResv.EALREADY), results);
        assertEquals(List.of(), solo.labels());
    }

    @Test
    void fencesOfAUsageIncludeEveryNarrowerUsage() {
        List<List<DmaFence>> seen = new ArrayList<>();
        List<DmaFence> added = new ArrayList<>();
        FenceModels.Solo solo = FenceModels.alone(k -> {
            DmaResv bo = k.reservations().create("bo");
            try (Held h = bo.lock()) {
                for (Usage u : Usage.values()) {
                    DmaFence f = k.fences().timeline(u.name()).create();
                    added.add(f);
                    bo.addFence(f, u);
                }
            }
            for (Usage u : Usage.values()) {
                seen.add(bo.fences(u));
            }
        });
        assertEquals(List.of(), solo.failures());
        // KERNEL < WRITE < READ < BOOKKEEP
        assertEquals(List.of(added.subList(0, 1), added.subList(0, 2), added.subList(0, 3), added), seen);
    }

    @Test
    void aFenceOfTheSameContextReplacesOneOfAtLeastItsUsage() {
        List<List<String>> seen = new ArrayList<>();
        FenceModels.Solo solo = FenceModels.alone(k -> {
            DmaResv bo = k.reservations().create("bo");
            var ring = k.fences().timeline("ring");
            try (Held h = bo.lock()) {
                bo.addFence(ring.create(), Usage.READ);
                bo.addFence(ring.create(), Usage.WRITE); // replaces ring:1, whose usage READ >= WRITE
                seen.add(bo.fences(Usage.BOOKKEEP).stream().map(DmaFence::name).toList());
                bo.addFence(ring.create(), Usage.BOOKKEEP); // kept next to ring:2: WRITE < BOOKKEEP
                seen.add(bo.fences(Usage.BOOKKEEP).stream().map(DmaFence::name).toList());
                seen.add(bo.fences(Usage.WRITE).stream().map(DmaFence::name).toList());
            }
        });
        assertEquals(List.of(), solo.failures());
        assertEquals(List.of(List.of("ring:2"), List.of("ring:2", "ring:3"), List.of("ring:2")), seen);
    }

    @Test
    void addingAFenceWithoutTheLockIsRefused() {
        FenceModels.Solo solo = FenceModels.alone(k -> {
            DmaResv bo = k.reservations().create("bo");
            bo.addFence(k.fences().timeline("ring").create(), Usage.WRITE);
        });
        assertEquals(1, solo.failures().size());
        assertTrue(solo.failures().get(0).contains("dma_resv_assert_held"), solo.failures()::toString);
    }

    @Test
    void waitAndTestSeeOnlyTheUsagesAsked() {
        List<Object> seen = new ArrayList<>();
        FenceModels.Solo solo = FenceModels.alone(k -> {
            DmaResv bo = k.reservations().create("bo");
            DmaFence write = k.fences().timeline("render").create();
            DmaFence read = k.fences().timeline("copy").create();
            try (Held h = bo.lock()) {
                bo.addFence(write, Usage.WRITE);
                bo.addFence(read, Usage.READ);
            }
            write.signal();
            seen.add(bo.testSignaled(Usage.WRITE));
            seen.add(bo.testSignaled(Usage.READ));
            seen.add(bo.waitTimeout(Usage.WRITE, 0));
            seen.add(bo.waitTimeout(Usage.READ, 0));
            read.signal();
            seen.add(bo.waitTimeout(Usage.READ, 10));
            seen.add(bo.waitTimeout(Usage.READ, Long.MAX_VALUE));
        });
        assertEquals(List.of(), solo.failures());
        assertEquals(List.of(true, false, 1L, 0L, 10L, Long.MAX_VALUE), seen);
    }

    @Test
    void aResvLockInsideASignallingSectionIsAFenceLockFinding() {
        FenceModels.Solo solo = FenceModels.alone(k -> {
            DmaResv bo = k.reservations().create("bo");
            try (Held section = k.fences().beginSignalling(); Held h = bo.lock()) {
                k.mightSleep();
            }
        });
        assertEquals(List.of(), solo.failures());
        assertTrue(solo.labels().contains("circular-dependency rule:FENCE-LOCK"), solo.labels()::toString);
    }

    @Test
    void waitingForAFenceNobodySignalsDeadlocks() {
        ExplorationResult r = new Explorer(() -> {
            CoopExecution e = new CoopExecution(10_000);
            ModelKernel k = FenceModels.kernel(e);
            DmaResv bo = k.reservations().create("bo");
            DmaFence never = k.fences().timeline("lost").create();
            k.thread("waiter", ExecContext.TASK, () -> {
                try (Held h = bo.lock()) {
                    bo.addFence(never, Usage.WRITE);
                }
                bo.waitTimeout(Usage.READ, Long.MAX_VALUE);
            });
            return e.start();
        }, 100, 0, 0).explore();
        assertNotNull(r.deadlock());
        List<String> blocked = r.deadlock().blocked();
        assertEquals(1, blocked.size(), blocked::toString);
        assertTrue(blocked.get(0).startsWith("waiter: dma_fence_wait_timeout(lost:1)"), blocked::toString);
        assertTrue(blocked.get(0).endsWith("waiting for fence lost:1 to be signalled"), blocked::toString);
    }
}
