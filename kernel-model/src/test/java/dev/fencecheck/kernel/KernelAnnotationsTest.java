package dev.fencecheck.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.lockdep.ExecContext;
import dev.fencecheck.lockdep.Finding;
import dev.fencecheck.lockdep.FindingKind;
import dev.fencecheck.lockdep.HeldLock;
import dev.fencecheck.lockdep.Lock;
import dev.fencecheck.lockdep.LockClass;
import dev.fencecheck.lockdep.LockThread;
import dev.fencecheck.lockdep.LockValidator;
import dev.fencecheck.lockdep.ReadMode;
import dev.fencecheck.lockdep.Site;
import dev.fencecheck.lockdep.ValidatorOptions;
import dev.fencecheck.scenario.CheckResult;
import dev.fencecheck.scenario.ScenarioChecker;
import dev.fencecheck.scenario.ScenarioParser;
import dev.fencecheck.scenario.ScenarioSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The kernel's lockdep annotations on top of the validator, one test per rule of
 * {@code shared/docs/lockdep-model.md} sections 4.1 (dma_fence annotations) and 4.2 (boot-time
 * priming, fs_reclaim_acquire), the scenario format's allocation and fence semantics, and the
 * rule each finding is classified under ({@code shared/docs/rules.md}).
 */
@DisplayName("kernel annotations (lockdep-model.md 4.1-4.2, scenario-format.md)")
class KernelAnnotationsTest {

    private final List<Finding> findings = new ArrayList<>();
    private final KernelLockdep k = new KernelLockdep(ValidatorOptions.defaults(), findings::add);
    private final LockValidator v = k.validator();
    private int line;

    // ------------------------------------------------------------------ vocabulary

    private KernelThread thread(String name) {
        return k.newThread(name, ExecContext.TASK);
    }

    private Lock mutex(String name) {
        return v.newLock(name, v.newClass(name), false, true);
    }

    private Lock spinlock(String name) {
        return v.newLock(name, v.newClass(name), true, false);
    }

    /** A dma_resv instance: a ww_mutex of reservation_ww_class. */
    private Lock resv(String name) {
        return v.newLock(name, k.reservationClass(), false, true);
    }

    private Site site(String op) {
        return new Site("test.scenario", ++line, op);
    }

    private void lock(KernelThread t, Lock l) {
        k.lock(t, l, ReadMode.WRITE, site("lock " + l.name()));
    }

    private void unlock(KernelThread t, Lock l) {
        k.unlock(t, l, site("unlock " + l.name()));
    }

    private void alloc(KernelThread t, Gfp gfp) {
        k.mightAlloc(t, gfp, site("alloc " + gfp));
    }

    private void begin(KernelThread t) {
        k.beginSignalling(t, site("begin_signalling"));
    }

    private void end(KernelThread t) {
        k.endSignalling(t, site("end_signalling"));
    }

    private void waitOn(KernelThread t, DmaFence f) {
        k.wait(t, f, site("wait " + f.name()));
    }

    private void signal(KernelThread t, DmaFence f) {
        k.signal(t, f, site("signal " + f.name()));
    }

    private boolean edge(Lock prev, Lock next) {
        return v.dependsOn(prev.lockClass(), next.lockClass());
    }

    private boolean edge(LockClass prev, LockClass next) {
        return v.dependsOn(prev, next);
    }

    private LockClass cls(Lock l) {
        return l.lockClass();
    }

    private boolean fenceMapHeldForRead(KernelThread t) {
        return v.isHeld(t.lockThread(), k.dmaFenceMap(), 1);
    }

    /** How many entries of the held stack are {@code lock}. */
    private int entriesOf(KernelThread t, Lock lock) {
        LockThread lt = t.lockThread();
        int n = 0;
        for (int i = 0; i < lt.depth(); i++) {
            if (lt.heldAt(i).lock() == lock) {
                n++;
            }
        }
        return n;
    }

    private HeldLock top(KernelThread t) {
        return t.lockThread().heldAt(t.lockThread().depth() - 1);
    }

    private String dump() {
        return findings.stream().map(f -> f.label() + ": " + f.message()).collect(Collectors.joining("\n  ",
                "findings:\n  ", ""));
    }

    /** Exact findings, as {@code kind} or {@code kind rule:ID} labels, in order. */
    private void assertLabels(String... expected) {
        assertEquals(List.of(expected), findings.stream().map(Finding::label).toList(), () -> dump());
    }

    private void assertClean() {
        assertLabels();
    }

    private static CheckResult check(String text) {
        try {
            return ScenarioChecker.check(ScenarioParser.parse("test.scenario", text));
        } catch (ScenarioSyntaxException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static List<String> labels(CheckResult r) {
        return r.findings().stream().map(Finding::label).toList();
    }

    // ================================================================== 4.2 priming

    @Nested
    @DisplayName("4.2 boot-time priming (dma_resv_lockdep)")
    class BootPriming {

        @Test
        @DisplayName("the priming itself reports nothing")
        void primingReportsNothing() {
            assertClean();
        }

        @Test
        @DisplayName("priming edges exist: mmap_lock -> dma_resv_acquire -> dma_resv -> fs_reclaim -> "
                + "{i_mmap_rwsem, mmu_notifier -> dma_fence_map}")
        void primingEdgesExist() {
            assertTrue(edge(cls(k.mmapLock()), k.reservationAcquireClass()), "mmap_lock -(SN)-> dma_resv_acquire");
            assertTrue(edge(k.reservationAcquireClass(), k.reservationClass()),
                    "dma_resv_acquire -(EN)-> dma_resv (first_lock_dep_map, 823a566221a5)");
            assertTrue(edge(k.reservationClass(), cls(k.fsReclaim())), "dma_resv -(EN)-> fs_reclaim");
            assertTrue(edge(k.fsReclaim(), k.iMmapRwsem()), "fs_reclaim -(EN)-> i_mmap_rwsem");
            assertTrue(edge(k.fsReclaim(), k.mmuNotifier()), "fs_reclaim -(EN)-> mmu_notifier");
            assertTrue(edge(k.mmuNotifier(), k.dmaFenceMap()), "mmu_notifier -(EN)-> dma_fence_map");
            assertEquals(6, v.dependencyCount(), "exactly these six dependencies");
        }

        @Test
        @DisplayName("the priming holds mmap_lock for reading: mmap_lock -(SN)-> dma_resv_acquire")
        void primingHoldsMmapLockForRead() {
            Lock acquire = v.newLock("ctx", k.reservationAcquireClass(), false, false);
            KernelThread t = thread("t");
            lock(t, acquire);
            k.lock(t, k.mmapLock(), ReadMode.RECURSIVE_READ, site("read_recursive mmap_lock"));
            assertClean();                     // dma_resv_acquire -(ER)-> mmap_lock -(SN)-> ...: not strong
            unlock(t, k.mmapLock());
            lock(t, k.mmapLock());             // dma_resv_acquire -(EN)-> mmap_lock: strong
            assertLabels("circular-dependency");
        }

        @Test
        @DisplayName("deeper held locks reach the fence map only transitively (check_prevs_add)")
        void primingRecordsOnlyAdjacentEdges() {
            assertFalse(edge(cls(k.mmapLock()), k.reservationClass()));
            assertFalse(edge(k.reservationClass(), cls(k.mmuNotifier())));
            assertFalse(edge(k.fsReclaim(), k.dmaFenceMap()));
            assertFalse(edge(k.iMmapRwsem(), k.dmaFenceMap()));
        }

        @Test
        @DisplayName("every primed path into dma_fence_map is strong: anything under the wait side closes a cycle")
        void primedPathsIntoFenceMapAreStrong() {
            Lock[] primed = {k.mmapLock(), resv("bo"), k.fsReclaim(), k.mmuNotifier()};
            int expected = 0;
            for (Lock l : primed) {
                KernelThread t = thread("waiter under " + l.name());
                lock(t, k.dmaFenceMap());         // the wait side, held
                k.lock(t, l, l == k.mmapLock() ? ReadMode.READ : ReadMode.WRITE, site("lock " + l.name()));
                assertEquals(++expected, findings.size(), () -> l.name() + ": " + dump());
                assertEquals(FindingKind.CIRCULAR_DEPENDENCY, findings.get(expected - 1).kind());
                unlock(t, l);
                unlock(t, k.dmaFenceMap());
            }
        }
    }

    // ================================================================== 4.2 fs_reclaim_acquire

    @Nested
    @DisplayName("4.2 fs_reclaim_acquire() for each GFP mask and memalloc scope")
    class FsReclaim {

        private Lock held;
        private KernelThread t;

        private void allocUnderLock(Gfp gfp) {
            held = mutex("L");
            t = thread("t");
            lock(t, held);
            alloc(t, gfp);
            assertEquals(1, t.lockThread().depth(), "the allocation leaves nothing held");
        }

        @Test
        @DisplayName("GFP_KERNEL acquires fs_reclaim (and touches mmu_notifier under it)")
        void gfpKernelAcquiresFsReclaim() {
            int before = v.dependencyCount();
            allocUnderLock(Gfp.GFP_KERNEL);
            assertTrue(edge(held, k.fsReclaim()));
            assertFalse(edge(held, k.mmuNotifier()), "mmu_notifier is reached through fs_reclaim");
            assertEquals(before + 1, v.dependencyCount());
            assertClean();
        }

        @Test
        @DisplayName("GFP_NOFS does not acquire fs_reclaim but touches mmu_notifier")
        void gfpNofsTouchesOnlyMmuNotifier() {
            allocUnderLock(Gfp.GFP_NOFS);
            assertFalse(edge(held, k.fsReclaim()));
            assertTrue(edge(held, k.mmuNotifier()));
            assertClean();
        }

        @Test
        @DisplayName("GFP_NOIO does not acquire fs_reclaim but touches mmu_notifier")
        void gfpNoioTouchesOnlyMmuNotifier() {
            allocUnderLock(Gfp.GFP_NOIO);
            assertFalse(edge(held, k.fsReclaim()));
            assertTrue(edge(held, k.mmuNotifier()));
            assertClean();
        }

        @Test
        @DisplayName("GFP_NOWAIT never enters direct reclaim: no map is touched")
        void gfpNowaitTouchesNothing() {
            int before = v.dependencyCount();
            allocUnderLock(Gfp.GFP_NOWAIT);
            assertEquals(before, v.dependencyCount());
            assertClean();
        }

        @Test
        @DisplayName("GFP_ATOMIC never enters direct reclaim: no map is touched")
        void gfpAtomicTouchesNothing() {
            int before = v.dependencyCount();
            allocUnderLock(Gfp.GFP_ATOMIC);
            assertEquals(before, v.dependencyCount());
            assertClean();
        }

        @Test
        @DisplayName("GFP_KERNEL, GFP_NOFS and GFP_NOIO may sleep: under a spinlock they are FENCE-ATOMIC")
        void sleepingMasksAreSleepingOperations() {
            for (Gfp gfp : List.of(Gfp.GFP_KERNEL, Gfp.GFP_NOFS, Gfp.GFP_NOIO)) {
                KernelThread s = thread("s " + gfp);
                Lock spin = spinlock("S " + gfp);
                lock(s, spin);
                alloc(s, gfp);
                unlock(s, spin);
            }
            assertLabels("sleep-in-atomic rule:FENCE-ATOMIC", "sleep-in-atomic rule:FENCE-ATOMIC",
                    "sleep-in-atomic rule:FENCE-ATOMIC");
        }

        @Test
        @DisplayName("GFP_NOWAIT and GFP_ATOMIC never sleep: fine under a spinlock and with irqs off")
        void nonSleepingMasksAreFineInAtomicContext() {
            KernelThread s = thread("s");
            Lock spin = spinlock("S");
            lock(s, spin);
            alloc(s, Gfp.GFP_NOWAIT);
            alloc(s, Gfp.GFP_ATOMIC);
            unlock(s, spin);
            k.irqDisable(s);
            alloc(s, Gfp.GFP_ATOMIC);
            assertClean();
        }

        @Test
        @DisplayName("inside nofs_save a GFP_KERNEL allocation behaves as GFP_NOFS")
        void nofsScopeTurnsGfpKernelIntoNofs() {
            held = mutex("L");
            t = thread("t");
            lock(t, held);
            k.memallocSave(t, MemallocScope.NOFS);
            alloc(t, Gfp.GFP_KERNEL);
            assertFalse(edge(held, k.fsReclaim()));
            assertTrue(edge(held, k.mmuNotifier()));
            k.memallocRestore(t, MemallocScope.NOFS);
            alloc(t, Gfp.GFP_KERNEL);
            assertTrue(edge(held, k.fsReclaim()), "restored: GFP_KERNEL again");
            assertClean();
        }

        @Test
        @DisplayName("inside noio_save GFP_KERNEL and GFP_NOFS behave as GFP_NOIO")
        void noioScopeTurnsGfpKernelIntoNoio() {
            held = mutex("L");
            t = thread("t");
            lock(t, held);
            k.memallocSave(t, MemallocScope.NOIO);
            alloc(t, Gfp.GFP_KERNEL);
            alloc(t, Gfp.GFP_NOFS);
            assertFalse(edge(held, k.fsReclaim()));
            assertTrue(edge(held, k.mmuNotifier()));
            assertClean();
        }

        @Test
        @DisplayName("inside noreclaim_save nothing is touched, but a reclaiming mask still may sleep")
        void noreclaimScopeTouchesNothingButStillSleeps() {
            int before = v.dependencyCount();
            held = spinlock("S");
            t = thread("t");
            lock(t, held);
            k.memallocSave(t, MemallocScope.NORECLAIM);
            alloc(t, Gfp.GFP_KERNEL);
            assertEquals(before, v.dependencyCount());
            assertLabels("sleep-in-atomic rule:FENCE-ATOMIC");
        }

        @Test
        @DisplayName("memalloc scopes nest: the scope ends with its outermost restore")
        void memallocScopesNest() {
            held = mutex("L");
            t = thread("t");
            lock(t, held);
            k.memallocSave(t, MemallocScope.NOFS);
            k.memallocSave(t, MemallocScope.NOFS);
            k.memallocRestore(t, MemallocScope.NOFS);
            alloc(t, Gfp.GFP_KERNEL);
            assertFalse(edge(held, k.fsReclaim()), "still inside the outer nofs scope");
            k.memallocRestore(t, MemallocScope.NOFS);
            alloc(t, Gfp.GFP_KERNEL);
            assertTrue(edge(held, k.fsReclaim()));
        }
    }

    // ================================================================== 4.1 signalling

    @Nested
    @DisplayName("4.1 dma_fence_begin_signalling() / end_signalling()")
    class Signalling {

        @Test
        @DisplayName("begin_signalling is a successful read trylock: no edge from locks already held")
        void beginSignallingIsReadTrylockWithNoIncomingEdge() {
            Lock l = mutex("L");
            KernelThread t = thread("t");
            lock(t, l);
            begin(t);
            assertFalse(edge(l, k.dmaFenceMap()));
            assertTrue(fenceMapHeldForRead(t));
            assertFalse(v.isHeld(t.lockThread(), k.dmaFenceMap(), 0), "not a write hold");
            assertSame(k.dmaFenceMap(), top(t).lock());
            assertEquals(1, top(t).read(), "read=1: non-recursive");
            assertTrue(top(t).trylock());
            assertClean();
        }

        @Test
        @DisplayName("every lock taken inside the section depends on dma_fence_map")
        void locksTakenInsideDependOnFenceMap() {
            Lock outer = mutex("outer");
            Lock inner = mutex("inner");
            KernelThread t = thread("t");
            lock(t, outer);
            begin(t);
            lock(t, inner);
            assertTrue(edge(k.dmaFenceMap(), inner), "dma_fence_map -(SN)-> inner");
            assertTrue(edge(outer, inner), "the walk passes the trylock to outer");
            assertClean();
        }

        @Test
        @DisplayName("a lock held when a section begins may be taken inside another section (2facdd6002ad)")
        void lockHeldAtSectionStartMayBeTakenInAnotherSection() {
            Lock l = mutex("sched_lock");
            KernelThread a = thread("submit");
            lock(a, l);
            begin(a);
            unlock(a, l);
            end(a);
            KernelThread b = thread("run_job");
            begin(b);
            lock(b, l);
            unlock(b, l);
            end(b);
            assertClean();
        }

        @Test
        @DisplayName("a nested begin_signalling only counts the nesting")
        void nestedBeginSignallingOnlyCountsNesting() {
            KernelThread t = thread("t");
            begin(t);
            begin(t);
            begin(t);
            assertEquals(1, entriesOf(t, k.dmaFenceMap()));
            end(t);
            end(t);
            assertTrue(fenceMapHeldForRead(t), "the outermost section is still open");
            end(t);
            assertFalse(fenceMapHeldForRead(t));
            assertEquals(0, t.lockThread().depth());
            assertClean();
        }

        @Test
        @DisplayName("in atomic context (spinlock held) begin_signalling records nothing")
        void beginSignallingSkippedUnderSpinlock() {
            Lock spin = spinlock("S");
            KernelThread t = thread("t");
            lock(t, spin);
            begin(t);
            assertFalse(fenceMapHeldForRead(t));
            end(t);                                // the cookie says: nothing to release
            unlock(t, spin);
            assertClean();
        }

        @Test
        @DisplayName("in atomic context (bh disabled, softirq, hardirq) begin_signalling records nothing")
        void beginSignallingSkippedInAtomicContext() {
            KernelThread bh = thread("bh");
            k.bhDisable(bh);
            begin(bh);
            assertFalse(fenceMapHeldForRead(bh));
            for (ExecContext c : List.of(ExecContext.SOFTIRQ, ExecContext.HARDIRQ)) {
                KernelThread irq = k.newThread("irq " + c, c);
                begin(irq);
                assertFalse(fenceMapHeldForRead(irq), c.toString());
                end(irq);
            }
            end(bh);
            assertClean();
        }

        @Test
        @DisplayName("interrupts merely disabled are not atomic: begin_signalling annotates")
        void beginSignallingWithIrqsDisabledAnnotates() {
            KernelThread t = thread("t");
            k.irqDisable(t);
            begin(t);
            assertTrue(fenceMapHeldForRead(t));
            end(t);
            assertClean();
        }

        @Test
        @DisplayName("end_signalling without begin is a bad unlock")
        void endSignallingWithoutBeginIsBadUnlock() {
            end(thread("t"));
            assertLabels("bad-unlock");
        }

        @Test
        @DisplayName("a section left open at thread exit is lock-held-at-exit")
        void sectionLeftOpenIsLockHeldAtExit() {
            KernelThread t = thread("t");
            begin(t);
            k.exit(t, site("end"));
            assertLabels("lock-held-at-exit");
        }
    }

    // ================================================================== 4.1 wait

    @Nested
    @DisplayName("4.1 dma_fence_wait() (__dma_fence_might_wait)")
    class Wait {

        @Test
        @DisplayName("wait outside a section takes dma_fence_map for writing and releases it")
        void waitOutsideSectionTakesFenceMapForWriting() {
            Lock l = mutex("L");
            KernelThread t = thread("t");
            lock(t, l);
            waitOn(t, new DmaFence("f", "f"));
            assertTrue(edge(l, k.dmaFenceMap()), "L -(EN)-> dma_fence_map");
            assertEquals(1, t.lockThread().depth());
            assertClean();
        }

        @Test
        @DisplayName("wait inside a section with no lock taken since is fine; the read hold comes back as trylock")
        void waitInSectionWithNoLockTakenIsFine() {
            KernelThread t = thread("t");
            begin(t);
            waitOn(t, new DmaFence("f", "f"));
            assertTrue(fenceMapHeldForRead(t));
            assertEquals(1, t.lockThread().depth());
            assertTrue(top(t).trylock());
            end(t);
            assertClean();
        }

        @Test
        @DisplayName("wait upgrades the section's read hold to write: a lock taken in the section and "
                + "still held is FENCE-WAIT-NEST")
        void waitUpgradesReadHoldToWriteFenceWaitNest() {
            Lock l = mutex("ring_lock");
            KernelThread t = thread("run_job");
            begin(t);
            lock(t, l);                        // dma_fence_map (read) -> ring_lock
            waitOn(t, new DmaFence("dep", "dep")); // ring_lock -> dma_fence_map (write)
            assertLabels("circular-dependency rule:FENCE-WAIT-NEST");
            unlock(t, l);
            end(t);
            assertEquals(1, findings.size(), () -> dump());
        }

        @Test
        @DisplayName("the read hold is dropped from the middle of the stack and taken back on top")
        void waitDropsReadHoldFromMiddleAndRetakesItOnTop() {
            Lock l = mutex("L");
            KernelThread t = thread("t");
            begin(t);
            k.trylock(t, l, ReadMode.WRITE, site("trylock L")); // a trylock gets no incoming edge
            assertSame(l, top(t).lock());
            waitOn(t, new DmaFence("f", "f"));
            assertClean();
            assertSame(k.dmaFenceMap(), top(t).lock());
            assertTrue(top(t).trylock());
            assertEquals(1, top(t).read());
            assertSame(l, t.lockThread().heldAt(0).lock());
            assertEquals(1, entriesOf(t, k.dmaFenceMap()));
        }

        @Test
        @DisplayName("a lock taken in the section and released before the wait is fine")
        void waitAfterLockReleasedInSectionIsFine() {
            Lock l = mutex("L");
            KernelThread t = thread("t");
            begin(t);
            lock(t, l);
            unlock(t, l);
            waitOn(t, new DmaFence("f", "f"));
            end(t);
            assertClean();
        }

        @Test
        @DisplayName("wait is a sleeping operation: under a spinlock it is FENCE-ATOMIC")
        void waitUnderSpinlockIsFenceAtomic() {
            Lock spin = spinlock("S");
            KernelThread t = thread("t");
            lock(t, spin);
            waitOn(t, new DmaFence("f", "f"));
            assertLabels("sleep-in-atomic rule:FENCE-ATOMIC");
        }

        @Test
        @DisplayName("wait with irqs disabled is FENCE-ATOMIC")
        void waitWithIrqsDisabledIsFenceAtomic() {
            KernelThread t = thread("t");
            k.irqDisable(t);
            waitOn(t, new DmaFence("f", "f"));
            assertLabels("sleep-in-atomic rule:FENCE-ATOMIC");
        }
    }

    // ================================================================== 4.1 signal / publish

    @Nested
    @DisplayName("4.1 dma_fence_signal() and publishing")
    class Signal {

        @Test
        @DisplayName("signal is itself a signalling section: a read trylock, released again")
        void signalIsItselfASignallingSection() {
            Lock l = mutex("L");
            KernelThread t = thread("t");
            DmaFence f = new DmaFence("f", "f");
            lock(t, l);
            signal(t, f);
            assertTrue(f.isSignalled());
            assertFalse(edge(l, k.dmaFenceMap()));
            assertFalse(fenceMapHeldForRead(t));
            assertEquals(1, t.lockThread().depth());
            assertClean();
        }

        @Test
        @DisplayName("signal inside a section nests and leaves the section open")
        void signalInsideSectionNests() {
            KernelThread t = thread("t");
            begin(t);
            signal(t, new DmaFence("f", "f"));
            assertTrue(fenceMapHeldForRead(t));
            end(t);
            assertClean();
        }

        @Test
        @DisplayName("signalling a fence twice is double-signal, FENCE-SIGNAL-ONCE")
        void signalTwiceIsDoubleSignal() {
            KernelThread t = thread("t");
            DmaFence f = new DmaFence("f", "f");
            signal(t, f);
            assertClean();
            signal(thread("t2"), f);
            assertLabels("double-signal rule:FENCE-SIGNAL-ONCE");
            assertFalse(fenceMapHeldForRead(t));
        }

        @Test
        @DisplayName("publish has no lock semantics")
        void publishHasNoLockSemantics() {
            int before = v.dependencyCount();
            KernelThread t = thread("t");
            DmaFence f = new DmaFence("f", "tl");
            assertFalse(f.isPublished());
            k.publish(t, f, site("publish f"));
            assertTrue(f.isPublished());
            assertEquals("tl", f.timeline());
            assertEquals(0, t.lockThread().depth());
            assertEquals(before, v.dependencyCount());
            assertClean();
        }
    }

    // ================================================================== ww contexts

    @Nested
    @DisplayName("1.2/1.4 ww acquire contexts")
    class WwContexts {

        @Test
        @DisplayName("ww_acquire_init takes the context and the fake first lock nested in it (823a566221a5)")
        void wwAcquireInitTakesContextAndFirstLock() {
            KernelThread t = thread("t");
            WwAcquireContext ctx = k.newAcquireContext("ticket", k.reservationClass());
            k.wwAcquireInit(t, ctx, site("ww_acquire ticket"));
            LockThread lt = t.lockThread();
            assertEquals(2, lt.depth());
            assertSame(k.reservationAcquireClass(), lt.heldAt(0).lock().lockClass());
            assertSame(k.reservationClass(), lt.heldAt(1).lock().lockClass());
            k.wwAcquireFini(t, ctx, site("ww_release ticket"));
            assertEquals(0, lt.depth());
            assertClean();
        }

        @Test
        @DisplayName("several dma_resv locks under one context are fine")
        void severalReservationsUnderOneContext() {
            KernelThread t = thread("t");
            WwAcquireContext ctx = k.newAcquireContext("ticket", k.reservationClass());
            Lock bo1 = resv("bo1");
            Lock bo2 = resv("bo2");
            k.wwAcquireInit(t, ctx, site("ww_acquire ticket"));
            k.wwMutexLock(t, bo1, ctx, site("ww_lock bo1"));
            k.wwMutexLock(t, bo2, ctx, site("ww_lock bo2"));
            alloc(t, Gfp.GFP_KERNEL);               // dma_resv -> fs_reclaim, the primed order
            unlock(t, bo2);
            unlock(t, bo1);
            k.wwAcquireFini(t, ctx, site("ww_release ticket"));
            assertEquals(0, t.lockThread().depth());
            assertClean();
        }

        @Test
        @DisplayName("two dma_resv locks without a context are recursive locking")
        void twoReservationsWithoutContextIsRecursiveLocking() {
            KernelThread t = thread("t");
            lock(t, resv("bo1"));
            lock(t, resv("bo2"));
            assertLabels("recursive-locking");
        }

        @Test
        @DisplayName("two acquire contexts of one ww class in one thread are recursive locking")
        void twoContextsOfOneClassAreRecursiveLocking() {
            KernelThread t = thread("t");
            k.wwAcquireInit(t, k.newAcquireContext("a", k.reservationClass()), site("ww_acquire a"));
            k.wwAcquireInit(t, k.newAcquireContext("b", k.reservationClass()), site("ww_acquire b"));
            assertLabels("recursive-locking");
        }

        @Test
        @DisplayName("ww_lock under a context that is not held is ww-context-misuse")
        void wwLockWithoutHeldContextIsMisuse() {
            KernelThread t = thread("t");
            WwAcquireContext ctx = k.newAcquireContext("ticket", k.reservationClass());
            k.wwAcquireInit(t, ctx, site("ww_acquire ticket"));
            k.wwAcquireFini(t, ctx, site("ww_release ticket"));
            k.wwMutexLock(t, resv("bo"), ctx, site("ww_lock bo"));
            assertLabels("ww-context-misuse");
        }
    }

    // ================================================================== rules

    @Nested
    @DisplayName("rule classification (RuleClassifier, rules.md)")
    class RuleClassification {

        @Test
        @DisplayName("GFP_KERNEL in a section is FENCE-ALLOC")
        void gfpKernelInSectionIsFenceAlloc() {
            KernelThread t = thread("t");
            begin(t);
            alloc(t, Gfp.GFP_KERNEL);               // dma_fence_map -> fs_reclaim -> mmu_notifier -> dma_fence_map
            end(t);
            assertLabels("circular-dependency rule:FENCE-ALLOC");
        }

        @Test
        @DisplayName("GFP_NOFS and GFP_NOIO in a section are FENCE-ALLOC")
        void gfpNofsAndNoioInSectionAreFenceAlloc() {
            KernelThread t = thread("t");
            begin(t);
            alloc(t, Gfp.GFP_NOFS);                 // dma_fence_map -> mmu_notifier -> dma_fence_map
            end(t);
            assertLabels("circular-dependency rule:FENCE-ALLOC");
            findings.clear();
            KernelLockdep other = new KernelLockdep(ValidatorOptions.defaults(), findings::add);
            KernelThread u = other.newThread("u", ExecContext.TASK);
            other.beginSignalling(u, site("begin_signalling"));
            other.mightAlloc(u, Gfp.GFP_NOIO, site("alloc GFP_NOIO"));
            assertLabels("circular-dependency rule:FENCE-ALLOC");
        }

        @Test
        @DisplayName("GFP_KERNEL under a nofs or noreclaim scope in a section: FENCE-ALLOC or clean as reclaim is")
        void scopesInSectionFollowTheirMask() {
            KernelThread t = thread("t");
            begin(t);
            k.memallocSave(t, MemallocScope.NORECLAIM);
            alloc(t, Gfp.GFP_KERNEL);               // no reclaim at all
            k.memallocRestore(t, MemallocScope.NORECLAIM);
            assertClean();
            k.memallocSave(t, MemallocScope.NOFS);
            alloc(t, Gfp.GFP_KERNEL);               // still touches mmu_notifier
            assertLabels("circular-dependency rule:FENCE-ALLOC");
        }

        @Test
        @DisplayName("GFP_NOWAIT and GFP_ATOMIC in a section are clean")
        void nonReclaimingAllocInSectionIsClean() {
            KernelThread t = thread("t");
            begin(t);
            alloc(t, Gfp.GFP_NOWAIT);
            alloc(t, Gfp.GFP_ATOMIC);
            end(t);
            assertClean();
        }

        @Test
        @DisplayName("dma_resv in a section is FENCE-LOCK")
        void dmaResvInSectionIsFenceLock() {
            KernelThread t = thread("t");
            begin(t);
            lock(t, resv("bo"));
            assertLabels("circular-dependency rule:FENCE-LOCK");
        }

        @Test
        @DisplayName("mmap_lock (read) in a section is FENCE-LOCK")
        void mmapLockInSectionIsFenceLock() {
            KernelThread t = thread("t");
            begin(t);
            k.lock(t, k.mmapLock(), ReadMode.READ, site("read mmap_lock"));
            assertLabels("circular-dependency rule:FENCE-LOCK");
        }

        @Test
        @DisplayName("a driver lock held around a fence wait, taken in a section, is FENCE-LOCK")
        void driverLockHeldAroundWaitIsFenceLock() {
            Lock l = mutex("L");
            KernelThread waiter = thread("waiter");
            lock(waiter, l);
            waitOn(waiter, new DmaFence("f", "f"));  // L -> dma_fence_map
            unlock(waiter, l);
            assertClean();
            KernelThread signaller = thread("signaller");
            begin(signaller);
            lock(signaller, l);                      // dma_fence_map -> L
            assertLabels("circular-dependency rule:FENCE-LOCK");
        }

        @Test
        @DisplayName("a wait with a lock taken in the section still held is FENCE-WAIT-NEST")
        void waitWithLockTakenInSectionIsFenceWaitNest() {
            KernelThread t = thread("t");
            begin(t);
            lock(t, mutex("L"));
            waitOn(t, new DmaFence("f", "f"));
            assertLabels("circular-dependency rule:FENCE-WAIT-NEST");
        }

        @Test
        @DisplayName("GFP_KERNEL in a shrinker (inside fs_reclaim) is recursive-locking, RECLAIM-ALLOC")
        void shrinkerGfpKernelIsReclaimAlloc() {
            KernelThread t = thread("shrinker");
            k.enterReclaim(t, site("shrinker"));
            alloc(t, Gfp.GFP_KERNEL);
            k.exitReclaim(t, site("shrinker"));
            assertLabels("recursive-locking rule:RECLAIM-ALLOC");
            assertEquals(0, t.lockThread().depth());
        }

        @Test
        @DisplayName("GFP_KERNEL in an mmu notifier is circular-dependency, RECLAIM-ALLOC")
        void notifierGfpKernelIsReclaimAlloc() {
            KernelThread t = thread("notifier");
            k.enterInvalidate(t, site("notifier"));
            alloc(t, Gfp.GFP_KERNEL);               // mmu_notifier -> fs_reclaim -> mmu_notifier
            k.exitInvalidate(t, site("notifier"));
            assertLabels("circular-dependency rule:RECLAIM-ALLOC");
        }

        @Test
        @DisplayName("GFP_NOFS in an mmu notifier is recursive-locking, RECLAIM-ALLOC")
        void notifierGfpNofsIsReclaimAlloc() {
            KernelThread t = thread("notifier");
            k.enterInvalidate(t, site("notifier"));
            alloc(t, Gfp.GFP_NOFS);                 // mmu_notifier inside mmu_notifier
            k.exitInvalidate(t, site("notifier"));
            assertLabels("recursive-locking rule:RECLAIM-ALLOC");
        }

        @Test
        @DisplayName("a blocking dma_resv lock in a shrinker is RECLAIM-TRYLOCK; a trylock is fine")
        void shrinkerBlockingDmaResvIsReclaimTrylock() {
            KernelThread t = thread("shrinker");
            Lock bo = resv("bo");
            k.enterReclaim(t, site("shrinker"));
            k.trylock(t, bo, ReadMode.WRITE, site("trylock bo"));
            unlock(t, bo);
            assertClean();
            lock(t, bo);                            // fs_reclaim -> dma_resv -> fs_reclaim
            assertLabels("circular-dependency rule:RECLAIM-TRYLOCK");
        }

        @Test
        @DisplayName("sleep-in-atomic is FENCE-ATOMIC for wait, sleeping alloc and reclaim only")
        void sleepInAtomicClassification() {
            List<String> expected = new ArrayList<>();
            String[] ops = {"wait", "alloc", "reclaim", "lock mutex", "ww_lock", "might_sleep", "invalidate"};
            for (String op : ops) {
                KernelThread t = thread(op);
                Lock spin = spinlock("S " + op);
                lock(t, spin);
                switch (op) {
                    case "wait" -> waitOn(t, new DmaFence("f", "f"));
                    case "alloc" -> alloc(t, Gfp.GFP_KERNEL);
                    case "reclaim" -> k.enterReclaim(t, site("reclaim"));
                    case "lock mutex" -> lock(t, mutex("M"));
                    case "ww_lock" -> k.wwMutexLock(t, resv("bo"),
                            k.newAcquireContext("c", k.reservationClass()), site("ww_lock"));
                    case "might_sleep" -> k.mightSleep(t, site("might_sleep"));
                    case "invalidate" -> k.enterInvalidate(t, site("invalidate"));
                    default -> throw new IllegalStateException(op);
                }
                expected.add(op.equals("wait") || op.equals("alloc") || op.equals("reclaim")
                        ? "sleep-in-atomic rule:FENCE-ATOMIC" : "sleep-in-atomic");
            }
            // ww_lock also reports its unheld context; everything else is one sleep-in-atomic each.
            List<String> sleeps = findings.stream().filter(f -> f.kind() == FindingKind.SLEEP_IN_ATOMIC)
                    .map(Finding::label).toList();
            assertEquals(expected, sleeps, () -> dump());
        }

        @Test
        @DisplayName("a plain ABBA between driver locks has no rule")
        void plainAbbaHasNoRule() {
            Lock a = mutex("A");
            Lock b = mutex("B");
            KernelThread t = thread("t");
            lock(t, a);
            lock(t, b);
            unlock(t, b);
            unlock(t, a);
            lock(t, b);
            lock(t, a);
            assertLabels("circular-dependency");
            assertNull(findings.get(0).rule());
        }

        @Test
        @DisplayName("bad-unlock, lock-held-at-exit, irq-unsafe and ww-context-misuse have no rule")
        void lockdepOnlyFindingsHaveNoRule() {
            Lock a = spinlock("A");
            KernelThread t = thread("t");
            unlock(t, a);                                        // bad-unlock
            KernelThread irq = k.newThread("irq", ExecContext.HARDIRQ);
            lock(irq, a);
            unlock(irq, a);
            lock(t, a);                                          // irq-unsafe
            k.exit(t, site("end"));                              // lock-held-at-exit
            k.wwMutexLock(thread("u"), resv("bo"), k.newAcquireContext("c", k.reservationClass()),
                    site("ww_lock"));                            // ww-context-misuse
            assertLabels("bad-unlock", "irq-unsafe", "lock-held-at-exit", "ww-context-misuse");
        }
    }

    // ================================================================== scenarios end to end

    @Nested
    @DisplayName("scenario checker (scenario-format.md)")
    class Scenarios {

        @Test
        @DisplayName("the format's example is FENCE-ALLOC and passes")
        void formatExampleIsFenceAlloc() {
            CheckResult r = check("""
                    scenario GFP_KERNEL allocation inside a fence signalling section
                    expect rule:FENCE-ALLOC

                    fence job

                    thread submit
                      publish job
                      begin_signalling
                      alloc GFP_KERNEL          # may recurse into reclaim, which may wait on job
                      signal job
                      end_signalling
                    end
                    """);
            assertEquals(List.of("circular-dependency rule:FENCE-ALLOC"), labels(r));
            assertEquals(Boolean.TRUE, r.pass());
            assertTrue(r.findings().get(0).lines().containsAll(List.of(8, 9)),
                    r.findings().get(0).lines().toString()); // begin_signalling, alloc GFP_KERNEL
        }

        @Test
        @DisplayName("shrinker bodies run once before the threads, inside fs_reclaim")
        void shrinkerBodyRunsAtStartInsideFsReclaim() {
            CheckResult r = check("""
                    scenario shrinker order
                    lock L mutex
                    thread t
                      lock L
                      alloc GFP_KERNEL     # L -> fs_reclaim, against fs_reclaim -> L from the shrinker
                      unlock L
                    end
                    shrinker s
                      lock L
                      unlock L
                    end
                    """);
            assertEquals(List.of("circular-dependency"), labels(r));
        }

        @Test
        @DisplayName("reclaim runs every shrinker and notifier body again from the calling thread")
        void reclaimRunsBodiesAgain() {
            CheckResult r = check("""
                    scenario reclaim reruns bodies
                    fence f
                    fence g
                    shrinker s
                      signal f
                    end
                    notifier n
                      signal g
                    end
                    thread t
                      reclaim
                    end
                    """);
            assertEquals(List.of("double-signal rule:FENCE-SIGNAL-ONCE", "double-signal rule:FENCE-SIGNAL-ONCE"),
                    labels(r));
        }

        @Test
        @DisplayName("invalidate runs every notifier body again, but no shrinker")
        void invalidateRunsNotifierBodies() {
            CheckResult r = check("""
                    scenario invalidate reruns notifiers
                    fence f
                    fence g
                    shrinker s
                      signal f
                    end
                    notifier n
                      signal g
                    end
                    thread t
                      invalidate
                    end
                    """);
            assertEquals(List.of("double-signal rule:FENCE-SIGNAL-ONCE"), labels(r));
        }

        @Test
        @DisplayName("in lockdep mode an allocation does not run the bodies")
        void allocDoesNotRunBodiesInLockdepMode() {
            CheckResult r = check("""
                    scenario alloc does not run bodies
                    expect clean
                    fence f
                    shrinker s
                      signal f
                    end
                    thread t
                      alloc GFP_KERNEL
                    end
                    """);
            assertEquals(List.of(), labels(r));
            assertEquals(Boolean.TRUE, r.pass());
        }

        @Test
        @DisplayName("a blocking dma_resv lock in a shrinker is RECLAIM-TRYLOCK")
        void shrinkerDmaResvScenario() {
            CheckResult r = check("""
                    scenario shrinker locks dma_resv
                    expect circular-dependency rule:RECLAIM-TRYLOCK
                    shrinker s
                      lock dma_resv
                      unlock dma_resv
                    end
                    """);
            assertEquals(List.of("circular-dependency rule:RECLAIM-TRYLOCK"), labels(r));
            assertEquals(Boolean.TRUE, r.pass());
        }

        @Test
        @DisplayName("an unexpected finding fails the file; a file without expect has no verdict")
        void expectationsJudgeFindings() {
            String body = """
                    lock A mutex
                    thread t
                      lock A
                    end
                    """;
            assertEquals(Boolean.FALSE, check("scenario x\nexpect clean\n" + body).pass());
            assertEquals(Boolean.TRUE, check("scenario x\nexpect lock-held-at-exit\n" + body).pass());
            assertEquals(Boolean.FALSE, check("scenario x\nexpect bad-unlock\n" + body).pass());
            assertNull(check("scenario x\n" + body).pass());
        }
    }
}
