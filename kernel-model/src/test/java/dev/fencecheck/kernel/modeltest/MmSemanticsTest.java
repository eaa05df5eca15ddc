package dev.fencecheck.kernel.modeltest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.MmuIntervalNotifier;
import dev.fencecheck.api.kernel.MmuIntervalNotifier.Event;
import dev.fencecheck.exec.CoopExecution;
import dev.fencecheck.exec.ExplorationResult;
import dev.fencecheck.exec.Explorer;
import dev.fencecheck.exec.ModelThread;
import dev.fencecheck.kernel.model.ModelKernel;
import dev.fencecheck.kernel.model.ModelMemory;
import dev.fencecheck.kernel.model.ModelMm;
import dev.fencecheck.lockdep.ExecContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The mm: mmap_lock, munmap, get_user_pages, the OOM reaper, reclaim of user pages, and the
 * mmu interval notifier sequence protocol, on the cooperative executor.
 */
@SuppressWarnings("try") // try-with-resources for held locks, as kernel code reads
class MmSemanticsTest {
    private static final long PAGE = 4096;
    private static final long BASE = 0x100000;

    private static ModelKernel kernel(CoopExecution e, long capacity, long free) {
        ModelKernel k = new ModelKernel(e);
        k.install(null, null, new ModelMemory(k, capacity, 16).occupy(capacity - free), new ModelMm(k));
        return k;
    }

    private static ModelMm mm(ModelKernel k) {
        return (ModelMm) k.mm();
    }

    private static ModelMemory memory(ModelKernel k) {
        return (ModelMemory) k.memory();
    }

    private static void runToEnd(CoopExecution e) {
        try {
            while (true) {
                int next = -1;
                for (int i = 0; i < e.threadCount() && next < 0; i++) {
                    if (e.enabled(i)) {
                        next = i;
                    }
                }
                if (next < 0) {
                    break;
                }
                e.step(next);
            }
            for (int i = 0; i < e.threadCount(); i++) {
                int t = i;
                assertTrue(e.finished(t), () -> "blocked: " + e.threadName(t) + ": " + e.blockedOn(t));
            }
            assertEquals(List.of(), e.failures());
        } finally {
            e.close();
        }
    }

    /** One invalidate() call as the notifier saw it. */
    private record Call(Event event, boolean blockable, long curSeq, long mmSeqDuring) {
    }

    /** Notifier ops that record their calls, set the sequence, and refuse if told to. */
    private static final class Recorder implements MmuIntervalNotifier.Ops {
        final ModelMm mm;
        final List<Call> calls = new ArrayList<>();
        final Predicate<Boolean> accept;

        Recorder(ModelMm mm, Predicate<Boolean> acceptWhenBlockable) {
            this.mm = mm;
            this.accept = acceptWhenBlockable;
        }

        @Override
        public boolean invalidate(MmuIntervalNotifier n, Event event, boolean blockable, long curSeq) {
            calls.add(new Call(event, blockable, curSeq, mm.invalidateSeq()));
            if (!accept.test(blockable)) {
                return false;   // would have to sleep: -EAGAIN
            }
            n.setSeq(curSeq);
            return true;
        }
    }

    @Test
    void munmapInvalidatesOverlappingNotifiersBlockablyThenUnmaps() {
        CoopExecution e = new CoopExecution(10_000);
        ModelKernel k = kernel(e, 1000, 1000);
        mm(k).map(BASE, 4 * PAGE);
        Recorder hit = new Recorder(mm(k), b -> true);
        Recorder miss = new Recorder(mm(k), b -> true);
        MmuIntervalNotifier n = mm(k).insertNotifier(BASE, 2 * PAGE, hit);
        mm(k).insertNotifier(BASE + 3 * PAGE, PAGE, miss);
        boolean[] mappedAfter = new boolean[2];
        k.thread("munmap", ExecContext.TASK, () -> {
            mm(k).unmap(BASE + PAGE, PAGE);
            mappedAfter[0] = mm(k).isMapped(BASE + PAGE);
            mappedAfter[1] = mm(k).isMapped(BASE + 2 * PAGE);
        });
        e.start();
        runToEnd(e);
        assertEquals(1, hit.calls.size());
        Call c = hit.calls.get(0);
        assertEquals(Event.UNMAP, c.event());
        assertTrue(c.blockable());
        assertEquals(1, c.curSeq() & 1, "cur_seq is odd");
        assertEquals(c.curSeq(), c.mmSeqDuring(), "the mm's sequence is odd while the invalidation runs");
        assertEquals(c.curSeq() + 1, mm(k).invalidateSeq(), "and even again after it");
        assertEquals(c.curSeq(), ((dev.fencecheck.kernel.model.ModelIntervalNotifier) n).sequence());
        assertEquals(List.of(), miss.calls);
        assertFalse(mappedAfter[0]);
        assertTrue(mappedAfter[1]);
        assertTrue(k.findings().isEmpty(), () -> k.findings().toString());
    }

    @Test
    void sequenceNumbersAreEvenForTheMmWhenIdleAndAlwaysOddForANotifier() {
        CoopExecution e = new CoopExecution(10_000);
        ModelKernel k = kernel(e, 1000, 1000);
        mm(k).map(BASE, 4 * PAGE);
        List<Long> seen = new ArrayList<>();
        List<Boolean> retries = new ArrayList<>();
        k.thread("driver", ExecContext.TASK, () -> {
            MmuIntervalNotifier n = mm(k).insertNotifier(BASE, 4 * PAGE, new Recorder(mm(k), b -> true));
            seen.add(mm(k).invalidateSeq());
            long seq = n.readBegin();
            seen.add(seq);
            retries.add(n.readRetry(seq));
            mm(k).unmap(BASE, PAGE);
            seen.add(mm(k).invalidateSeq());
            retries.add(n.readRetry(seq));
            long again = n.readBegin();
            seen.add(again);
            retries.add(n.readRetry(again));
            n.remove();
        });
        e.start();
        runToEnd(e);
        assertEquals(0, seen.get(0) & 1, "mm idle: even");
        assertEquals(1, seen.get(1) & 1, "a new notifier's sequence is odd");
        assertEquals(0, seen.get(2) & 1, "mm idle again after the munmap");
        assertEquals(seen.get(2) - 1, seen.get(3), "the notifier took the invalidation's odd cur_seq");
        assertEquals(List.of(false, true, false), retries);
        assertTrue(k.findings().isEmpty(), () -> k.findings().toString());
    }

    /** USERPTR-SEQ: get_user_pages() takes mmap_lock and may allocate; not inside a signalling section. */
    @Test
    void getUserPagesInsideAFenceSignallingSectionIsGupInSignalling() {
        CoopExecution e = new CoopExecution(10_000);
        ModelKernel k = kernel(e, 1000, 1000);
        mm(k).map(BASE, 2 * PAGE);
        k.thread("submit", ExecContext.TASK, () -> {
            mm(k).getUserPages(BASE, PAGE);                             // before the section: fine
            ModelThread.current().point(null, "dma_fence_begin_signalling()", "test");
            k.lockdep().beginSignalling(k.current(), dev.fencecheck.lockdep.Site.of("test", "begin_signalling"));
            mm(k).getUserPages(BASE + PAGE, PAGE);                      // inside it
            ModelThread.current().point(null, "dma_fence_end_signalling()", "test");
            k.lockdep().endSignalling(k.current(), dev.fencecheck.lockdep.Site.of("test", "end_signalling"));
        });
        e.start();
        runToEnd(e);
        List<String> gup = k.findings().stream().map(f -> f.finding())
                .filter(f -> f.kind() == dev.fencecheck.lockdep.FindingKind.GUP_IN_SIGNALLING)
                .map(f -> f.label() + " " + f.thread() + ": " + f.site().operation()).toList();
        assertEquals(List.of("gup-in-signalling rule:USERPTR-SEQ submit: get_user_pages([0x101000, 0x102000))"), gup);
    }

    @Test
    void getUserPagesFailsOnUnmappedRangesAndFaultsPagesIn() {
        CoopExecution e = new CoopExecution(10_000);
        ModelKernel k = kernel(e, 1000, 1000);
        List<Boolean> results = new ArrayList<>();
        k.thread("gup", ExecContext.TASK, () -> {
            results.add(mm(k).getUserPages(BASE, 2 * PAGE));            // nothing mapped
            mm(k).map(BASE, 2 * PAGE);
            results.add(mm(k).getUserPages(BASE, 2 * PAGE));            // faults in two pages
            results.add(mm(k).getUserPages(BASE + PAGE, 2 * PAGE));     // runs past the vma
            results.add(mm(k).getUserPages(BASE, PAGE));                // already present
            mm(k).unmap(BASE, 2 * PAGE);                                // frees them
            results.add(mm(k).getUserPages(BASE, PAGE));
        });
        e.start();
        runToEnd(e);
        assertEquals(List.of(false, true, false, true, false), results);
        assertEquals(1000, memory(k).freePages());
        assertTrue(k.findings().isEmpty(), () -> k.findings().toString());
    }

    @Test
    void theOomReaperInvalidatesNonBlockablyAndBacksOffOnEagain() {
        for (boolean refuses : List.of(true, false)) {
            CoopExecution e = new CoopExecution(10_000);
            ModelKernel k = kernel(e, 1000, 1000);
            mm(k).map(BASE, 4 * PAGE);
            Recorder ops = new Recorder(mm(k), blockable -> blockable || !refuses);
            mm(k).insertNotifier(BASE, 4 * PAGE, ops);
            boolean[] reaped = new boolean[1];
            long[] freeAfterGup = new long[1];
            k.thread("victim", ExecContext.TASK, () -> {
                mm(k).getUserPages(BASE, 4 * PAGE);
                freeAfterGup[0] = memory(k).freePages();
            });
            k.thread("oom_reaper", ExecContext.TASK, () -> reaped[0] = mm(k).oomReap());
            e.start();
            runToEnd(e);
            assertEquals(996, freeAfterGup[0]);
            assertEquals(1, ops.calls.size());
            assertEquals(Event.OOM_REAP, ops.calls.get(0).event());
            assertFalse(ops.calls.get(0).blockable());
            assertEquals(!refuses, reaped[0]);
            assertEquals(refuses ? 996 : 1000, memory(k).freePages(), "-EAGAIN leaves the vma's pages alone");
            assertEquals(0, mm(k).invalidateSeq() & 1, "the sequence is even again, also after -EAGAIN");
        }
    }

    @Test
    void directReclaimUnmapsUserPagesThroughTheNotifiers() {
        CoopExecution e = new CoopExecution(10_000);
        ModelKernel k = kernel(e, 100, 30);
        mm(k).map(BASE, 8 * PAGE);
        Recorder ops = new Recorder(mm(k), b -> true);
        mm(k).insertNotifier(BASE, 8 * PAGE, ops);
        boolean[] ok = new boolean[3];
        k.thread("t", ExecContext.TASK, () -> {
            ok[0] = mm(k).getUserPages(BASE, 8 * PAGE);        // 30 -> 22 free: above low (20)
            ok[1] = k.memory().alloc(Gfp.GFP_KERNEL, 10);      // short: reclaim takes the user pages
            k.memory().free(10);
            ok[2] = mm(k).getUserPages(BASE, 8 * PAGE);        // faulted back in
        });
        e.start();
        runToEnd(e);
        assertTrue(ok[0] && ok[1] && ok[2]);
        assertEquals(22, memory(k).freePages());
        assertEquals(1, ops.calls.size());
        assertEquals(Event.RECLAIM, ops.calls.get(0).event());
        assertTrue(ops.calls.get(0).blockable());
    }

    // ------------------------------------------------------------------ explored

    /**
     * The driver's notifier lock, as a mutex keyed by its name: the explorer compares step
     * objects with equals() across replays of a schedule, and a lock object that compares by
     * identity would not be recognised in the replayed prefix.
     */
    private static final class NotifierLock {
        private static final String KEY = "driver.notifier_lock";
        private ModelThread owner;

        Held lock() {
            ModelThread t = ModelThread.current();
            t.block(KEY, "mutex_lock(" + KEY + ")", "test", () -> owner == null, () -> KEY + ", held by " + owner);
            owner = t;
            return () -> {
                t.point(KEY, "mutex_unlock(" + KEY + ")", "test");
                owner = null;
            };
        }
    }

    /** What one execution of the userptr model ended with. */
    private static final class Userptr {
        boolean gpuMapped;
        boolean driverDone;
        boolean munmapDone;
        final List<long[]> readBegins = new ArrayList<>();
    }

    /**
     * A driver mirrors [BASE, BASE + 2 pages) on the GPU while another thread unmaps it. With
     * {@code checkRetry}, it commits only if mmu_interval_read_retry() says no invalidation
     * collided; the invalidate() callback tears the GPU mapping down under the same lock.
     */
    private static CoopExecution userptr(List<Userptr> states, boolean checkRetry) {
        CoopExecution e = new CoopExecution(10_000);
        ModelKernel k = kernel(e, 1000, 1000);
        Userptr st = new Userptr();
        states.add(st);
        NotifierLock notifierLock = new NotifierLock();
        mm(k).map(BASE, 2 * PAGE);
        MmuIntervalNotifier n = mm(k).insertNotifier(BASE, 2 * PAGE, (sub, event, blockable, curSeq) -> {
            try (Held h = notifierLock.lock()) {
                sub.setSeq(curSeq);
                st.gpuMapped = false;
            }
            return true;
        });
        k.thread("driver", ExecContext.TASK, () -> {
            for (int attempt = 0; attempt < 3; attempt++) {
                long seq = n.readBegin();
                st.readBegins.add(new long[] {seq, mm(k).invalidateSeq()});
                if (!mm(k).getUserPages(BASE, 2 * PAGE)) {
                    break;   // -EFAULT: the range is gone
                }
                try (Held h = notifierLock.lock()) {
                    if (checkRetry && n.readRetry(seq)) {
                        continue;
                    }
                    st.gpuMapped = true;
                    break;
                }
            }
            st.driverDone = true;
        });
        k.thread("munmap", ExecContext.TASK, () -> {
            mm(k).unmap(BASE, 2 * PAGE);
            st.munmapDone = true;
        });
        return e.start();
    }

    @Test
    void readBeginAndReadRetryNeverLetAStaleMappingSurviveAConcurrentMunmap() {
        List<Userptr> states = new ArrayList<>();
        ExplorationResult r = new Explorer(() -> userptr(states, true), 100_000, 0, 0).explore();
        assertTrue(r.complete());
        assertNull(r.deadlock());
        List<Userptr> ended = states.stream().filter(s -> s.driverDone && s.munmapDone).toList();
        assertTrue(ended.size() > 10, "executions explored: " + ended.size());
        assertTrue(ended.stream().noneMatch(s -> s.gpuMapped), "a stale GPU mapping survived the munmap");
        assertTrue(ended.stream().flatMap(s -> s.readBegins.stream()).noneMatch(p -> p[0] == p[1]),
                "read_begin returned while its notifier's invalidation was still running");
        assertTrue(ended.stream().flatMap(s -> s.readBegins.stream()).allMatch(p -> (p[0] & 1) == 1));
    }

    @Test
    void withoutReadRetryTheExplorerFindsTheStaleMapping() {
        List<Userptr> states = new ArrayList<>();
        ExplorationResult r = new Explorer(() -> userptr(states, false), 100_000, 0, 0).explore();
        assertTrue(r.complete());
        assertTrue(states.stream().anyMatch(s -> s.driverDone && s.munmapDone && s.gpuMapped));
    }
}
