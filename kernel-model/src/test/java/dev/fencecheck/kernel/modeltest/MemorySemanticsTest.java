package dev.fencecheck.kernel.modeltest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Mempool;
import dev.fencecheck.api.kernel.Shrinker;
import dev.fencecheck.exec.CoopExecution;
import dev.fencecheck.exec.ExplorationResult;
import dev.fencecheck.exec.Explorer;
import dev.fencecheck.exec.ModelThread;
import dev.fencecheck.kernel.DmaFence;
import dev.fencecheck.kernel.Rules;
import dev.fencecheck.kernel.model.ModelKernel;
import dev.fencecheck.kernel.model.ModelKswapd;
import dev.fencecheck.kernel.model.ModelMemory;
import dev.fencecheck.lockdep.ExecContext;
import dev.fencecheck.lockdep.Site;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The page allocator, reclaim, the memalloc scopes and mempools on the cooperative executor:
 * what the kernel does under memory pressure for each GFP mask, and what the explorer finds.
 */
@SuppressWarnings("try") // try-with-resources for held scopes and sections, as kernel code reads
class MemorySemanticsTest {
    // 100 pages, min watermark 16: low 20, high 24; GFP_ATOMIC may go down to 6, GFP_NOWAIT to 16.
    private static final long CAPACITY = 100;
    private static final long MIN = 16;

    /** A kernel with only memory installed, {@code free} pages free. */
    private static ModelKernel kernel(CoopExecution e, long free) {
        ModelKernel k = new ModelKernel(e);
        k.install(null, null, new ModelMemory(k, CAPACITY, MIN).occupy(CAPACITY - free), null);
        return k;
    }

    private static ModelMemory memory(ModelKernel k) {
        return (ModelMemory) k.memory();
    }

    /** Runs the execution to its end, always stepping the first enabled thread. */
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

    /** A driver shrinker holding {@code pages} pages; scan() frees them, as a driver would. */
    private static final class PageShrinker implements Shrinker {
        final ModelKernel kernel;
        long held;
        int counts;
        int scans;
        final List<String> scannedBy = new ArrayList<>();
        Runnable beforeFree = () -> { };

        PageShrinker(ModelKernel kernel, long held) {
            this.kernel = kernel;
            this.held = held;
        }

        @Override
        public String name() {
            return "test-shrinker";
        }

        @Override
        public long count() {
            counts++;
            return held;
        }

        @Override
        public long scan(long toScan) {
            scans++;
            scannedBy.add(ModelThread.current().name());
            beforeFree.run();
            long n = Math.min(toScan, held);
            if (n > 0) {
                held -= n;
                kernel.memory().free(n);
            }
            return n;
        }
    }

    @Test
    void atomicMasksNeverSleepDipIntoTheReservesAndFailWithoutRunningShrinkers() {
        CoopExecution e = new CoopExecution(10_000);
        ModelKernel k = kernel(e, 8);
        PageShrinker shrinker = new PageShrinker(k, 30);
        k.memory().registerShrinker(shrinker);
        List<Boolean> results = new ArrayList<>();
        k.thread("irq-ish", ExecContext.TASK, () -> {
            results.add(k.memory().alloc(Gfp.GFP_NOWAIT, 1));  // below min: no
            results.add(k.memory().alloc(Gfp.GFP_ATOMIC, 1));  // __GFP_HIGH + non-blocking reserve: 8 -> 7
            results.add(k.memory().alloc(Gfp.GFP_ATOMIC, 1));  // 7 -> 6
            results.add(k.memory().alloc(Gfp.GFP_ATOMIC, 1));  // would go below 6: fails
        });
        e.start();
        runToEnd(e);
        assertEquals(List.of(false, true, true, false), results);
        assertEquals(6, memory(k).freePages());
        assertEquals(0, shrinker.counts, "atomic allocations never enter reclaim");
        assertTrue(k.findings().isEmpty(), () -> k.findings().toString());
    }

    @Test
    void gfpKernelEntersDirectReclaimRunsTheShrinkersAndSucceeds() {
        CoopExecution e = new CoopExecution(10_000);
        ModelKernel k = kernel(e, 8);
        PageShrinker shrinker = new PageShrinker(k, 30);
        k.memory().registerShrinker(shrinker);
        boolean[] ok = new boolean[1];
        k.thread("ioctl", ExecContext.TASK, () -> ok[0] = k.memory().alloc(Gfp.GFP_KERNEL, 4));
        e.start();
        assertTrue(memory(k).underPressure());
        runToEnd(e);
        assertTrue(ok[0]);
        assertEquals(1, shrinker.counts);
        assertEquals(List.of("ioctl"), shrinker.scannedBy, "direct reclaim runs in the allocating thread");
        assertEquals(8 + 30 - 4, memory(k).freePages());
        assertTrue(k.findings().isEmpty(), () -> k.findings().toString());
    }

    @Test
    void withoutGfpFsAfterTheScopeTheShrinkersAreSkipped() {
        for (String how : List.of("GFP_NOFS", "GFP_NOIO", "nofs scope", "noio scope")) {
            CoopExecution e = new CoopExecution(10_000);
            ModelKernel k = kernel(e, 8);
            PageShrinker shrinker = new PageShrinker(k, 30);
            k.memory().registerShrinker(shrinker);
            boolean[] ok = {true};
            k.thread("t", ExecContext.TASK, () -> {
                switch (how) {
                    case "GFP_NOFS" -> ok[0] = k.memory().alloc(Gfp.GFP_NOFS, 4);
                    case "GFP_NOIO" -> ok[0] = k.memory().alloc(Gfp.GFP_NOIO, 4);
                    case "nofs scope" -> {
                        try (Held scope = k.memory().nofs()) {
                            ok[0] = k.memory().alloc(Gfp.GFP_KERNEL, 4);
                        }
                    }
                    default -> {
                        try (Held scope = k.memory().noio()) {
                            ok[0] = k.memory().alloc(Gfp.GFP_KERNEL, 4);
                        }
                    }
                }
            });
            e.start();
            runToEnd(e);
            assertEquals(0, shrinker.counts, how + ": shrink_slab() shrinkers bail out without __GFP_FS");
            assertFalse(ok[0], how + ": nothing else to reclaim, and the OOM killer is not modelled");
            assertEquals(8, memory(k).freePages());
        }
    }

    @Test
    void theNoreclaimScopeNeverReclaimsButMayUseTheReserves() {
        CoopExecution e = new CoopExecution(10_000);
        ModelKernel k = kernel(e, 8);
        PageShrinker shrinker = new PageShrinker(k, 30);
        k.memory().registerShrinker(shrinker);
        List<Boolean> results = new ArrayList<>();
        k.thread("t", ExecContext.TASK, () -> {
            try (Held scope = k.memory().noreclaim()) {
                results.add(k.memory().alloc(Gfp.GFP_KERNEL, 6));  // PF_MEMALLOC: ALLOC_NO_WATERMARKS
                results.add(k.memory().alloc(Gfp.GFP_KERNEL, 3));  // only 2 left, and no reclaim
            }
        });
        e.start();
        runToEnd(e);
        assertEquals(List.of(true, false), results);
        assertEquals(0, shrinker.counts);
        assertEquals(2, memory(k).freePages());
        assertTrue(k.findings().isEmpty(), "no fs_reclaim annotation under PF_MEMALLOC");
    }

    @Test
    void reclaimDoesNotRecurseIntoReclaimAndAnAllocatingShrinkerIsReported() {
        CoopExecution e = new CoopExecution(10_000);
        ModelKernel k = kernel(e, 8);
        PageShrinker shrinker = new PageShrinker(k, 30);
        boolean[] nested = new boolean[1];
        shrinker.beforeFree = () -> nested[0] = k.memory().alloc(Gfp.GFP_KERNEL, 1);
        k.memory().registerShrinker(shrinker);
        boolean[] ok = new boolean[1];
        k.thread("t", ExecContext.TASK, () -> ok[0] = k.memory().alloc(Gfp.GFP_KERNEL, 4));
        e.start();
        runToEnd(e);
        assertTrue(ok[0]);
        assertTrue(nested[0], "PF_MEMALLOC: the nested allocation ignores the watermarks");
        assertEquals(1, shrinker.counts, "the allocation inside the shrinker did not enter reclaim again");
        assertTrue(k.findings().stream().anyMatch(f -> Rules.RECLAIM_ALLOC.equals(f.finding().rule())),
                () -> k.findings().toString());
    }

    @Test
    void kswapdReclaimsInTheBackgroundUntilTheZoneIsBalanced() {
        CoopExecution e = new CoopExecution(10_000);
        ModelKernel k = kernel(e, 8);
        PageShrinker shrinker = new PageShrinker(k, 30);
        k.memory().registerShrinker(shrinker);
        ModelKswapd.thread(k, memory(k), 2);
        e.start();
        runToEnd(e);
        assertEquals(List.of("kswapd0"), shrinker.scannedBy, "the second round finds the zone balanced");
        assertEquals(38, memory(k).freePages());
        assertTrue(k.findings().isEmpty(), () -> k.findings().toString());
    }

    // ------------------------------------------------------------------ mempools

    /** Memory with no free page at all once the pool took its reserve at boot. */
    private static ModelKernel exhausted(CoopExecution e, Mempool[] pool, int reserve) {
        ModelKernel k = new ModelKernel(e);
        ModelMemory m = new ModelMemory(k, CAPACITY, MIN);
        pool[0] = m.mempool("pool", reserve);
        m.occupy(m.freePages());
        k.install(null, null, m, null);
        return k;
    }

    @Test
    void aMempoolFallsBackToItsReserveAndFailsOnlyForMasksThatCannotSleep() {
        CoopExecution e = new CoopExecution(10_000);
        Mempool[] pool = new Mempool[1];
        ModelKernel k = exhausted(e, pool, 1);
        Object[] got = new Object[2];
        k.thread("t", ExecContext.TASK, () -> {
            got[0] = pool[0].alloc(Gfp.GFP_ATOMIC);   // the reserved element
            got[1] = pool[0].alloc(Gfp.GFP_ATOMIC);   // reserve empty, may not sleep: NULL
            pool[0].free(got[0]);
        });
        e.start();
        runToEnd(e);
        assertNotNull(got[0]);
        assertNull(got[1]);
        assertEquals(1, pool[0].reserve());
    }

    @Test
    void twoThreadsSharingAReserveOfOneAllocatingThenFreeingNeverDeadlock() {
        ExplorationResult r = new Explorer(() -> {
            CoopExecution e = new CoopExecution(10_000);
            Mempool[] pool = new Mempool[1];
            ModelKernel k = exhausted(e, pool, 1);
            for (String name : List.of("t1", "t2")) {
                k.thread(name, ExecContext.TASK, () -> {
                    Object element = pool[0].alloc(Gfp.GFP_KERNEL);
                    pool[0].free(element);
                });
            }
            return e.start();
        }, 10_000, 0, 0).explore();
        assertTrue(r.complete());
        assertNull(r.deadlock(), () -> r.deadlock().blocked() + " after " + r.deadlock().scheduleString());
        assertTrue(r.executions() > 1);
    }

    @Test
    void allocatingTwiceBeforeFreeingFromAReserveOfOneDeadlocks() {
        ExplorationResult r = new Explorer(() -> {
            CoopExecution e = new CoopExecution(10_000);
            Mempool[] pool = new Mempool[1];
            ModelKernel k = exhausted(e, pool, 1);
            k.thread("greedy", ExecContext.TASK, () -> {
                Object a = pool[0].alloc(Gfp.GFP_KERNEL);
                Object b = pool[0].alloc(Gfp.GFP_KERNEL);
                pool[0].free(b);
                pool[0].free(a);
            });
            k.thread("polite", ExecContext.TASK, () -> pool[0].free(pool[0].alloc(Gfp.GFP_KERNEL)));
            return e.start();
        }, 10_000, 0, 0).explore();
        assertNotNull(r.deadlock());
        assertTrue(r.deadlock().blocked().stream().anyMatch(b -> b.startsWith("greedy") && b.contains("mempool_free()")),
                () -> r.deadlock().blocked().toString());
    }

    // ------------------------------------------------------------------ fences and reclaim

    /** A test-only dma_fence: waiters block until it is signalled; lockdep sees the annotations. */
    private static final class TestFence {
        private final ModelKernel kernel;
        private final DmaFence annotated;
        private boolean signalled;

        TestFence(ModelKernel kernel, String name) {
            this.kernel = kernel;
            this.annotated = new DmaFence(name, name);
        }

        Held beginSignalling() {
            ModelThread t = ModelThread.current();
            t.point(null, "dma_fence_begin_signalling()", "test");
            kernel.lockdep().beginSignalling(kernel.current(), Site.of("test", "dma_fence_begin_signalling()"));
            return () -> {
                t.point(null, "dma_fence_end_signalling()", "test");
                kernel.lockdep().endSignalling(kernel.current(), Site.of("test", "dma_fence_end_signalling()"));
            };
        }

        void publish() {
            ModelThread.current().point(this, "publish " + annotated.name(), "test");
            kernel.lockdep().publish(kernel.current(), annotated, Site.of("test", "publish"));
        }

        void signal() {
            ModelThread.current().point(this, "dma_fence_signal(" + annotated.name() + ")", "test");
            signalled = true;
            kernel.lockdep().signal(kernel.current(), annotated, Site.of("test", "dma_fence_signal()"));
        }

        void await() {
            ModelThread t = ModelThread.current();
            t.point(this, "dma_fence_wait(" + annotated.name() + ")", "test");
            kernel.lockdep().wait(kernel.current(), annotated, Site.of("test", "dma_fence_wait()"));
            t.block(this, "dma_fence_wait(" + annotated.name() + ") (blocks)", "test", () -> signalled,
                    () -> "fence " + annotated.name() + " to be signalled");
        }
    }

    @Test
    void gfpKernelInTheSignallingSectionOfAFenceAShrinkerWaitsOnDeadlocksAndIsFenceAlloc() {
        List<ModelKernel> kernels = new ArrayList<>();
        ExplorationResult r = new Explorer(() -> {
            CoopExecution e = new CoopExecution(10_000);
            ModelKernel k = kernel(e, 8);
            kernels.add(k);
            TestFence fence = new TestFence(k, "job");
            PageShrinker shrinker = new PageShrinker(k, 30);
            shrinker.beforeFree = fence::await;   // a GPU shrinker waits for the job before freeing its BOs
            k.memory().registerShrinker(shrinker);
            k.thread("submit", ExecContext.TASK, () -> {
                fence.publish();
                try (Held section = fence.beginSignalling()) {
                    k.memory().alloc(Gfp.GFP_KERNEL, 4);   // forbidden here: may wait on the fence
                    fence.signal();
                }
            });
            k.thread("other", ExecContext.TASK, () -> k.memory().alloc(Gfp.GFP_ATOMIC, 1));
            return e.start();
        }, 10_000, 0, 0).explore();
        ExplorationResult.Deadlock d = r.deadlock();
        assertNotNull(d);
        assertTrue(d.blocked().stream().anyMatch(b -> b.startsWith("submit") && b.contains("fence job")), d::toString);
        assertTrue(kernels.stream().flatMap(k -> k.findings().stream())
                        .anyMatch(f -> Rules.FENCE_ALLOC.equals(f.finding().rule())),
                () -> kernels.get(kernels.size() - 1).findings().toString());
    }

    @Test
    void theSameSectionWithGfpNofsIsStillFenceAllocButTheShrinkerIsNotEntered() {
        CoopExecution e = new CoopExecution(10_000);
        ModelKernel k = kernel(e, 8);
        TestFence fence = new TestFence(k, "job");
        PageShrinker shrinker = new PageShrinker(k, 30);
        shrinker.beforeFree = fence::await;
        k.memory().registerShrinker(shrinker);
        boolean[] ok = {true};
        k.thread("submit", ExecContext.TASK, () -> {
            fence.publish();
            try (Held section = fence.beginSignalling()) {
                ok[0] = k.memory().alloc(Gfp.GFP_NOFS, 4);
                fence.signal();
            }
        });
        e.start();
        runToEnd(e);
        assertFalse(ok[0], "direct reclaim without __GFP_FS frees nothing here");
        assertEquals(0, shrinker.counts, "so no wait on the fence: no deadlock");
        assertTrue(k.findings().stream().anyMatch(f -> Rules.FENCE_ALLOC.equals(f.finding().rule())),
                "GFP_NOFS may still invalidate mappings whose notifiers wait on fences");
    }
}
