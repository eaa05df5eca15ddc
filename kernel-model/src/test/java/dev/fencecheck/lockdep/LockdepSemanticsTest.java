package dev.fencecheck.lockdep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Lockdep's semantics as the validator must reproduce them, one test per rule of
 * {@code shared/docs/lockdep-model.md} sections 1.2 to 1.6a. Every test drives
 * {@link LockValidator} directly and asserts the exact findings (kind and count) and, where
 * the rule is about the graph, the exact dependencies recorded.
 *
 * <p>Notation in comments: {@code W} exclusive (read=0), {@code r} non-recursive reader
 * (read=1), {@code R} recursive reader (read=2); an edge {@code A -(EN)-> B} as in
 * lockdep-design.rst "Dependency types and strong dependency paths".
 */
@DisplayName("lockdep semantics (lockdep-model.md 1.2-1.6a)")
class LockdepSemanticsTest {

    private final List<Finding> findings = new ArrayList<>();
    private final LockValidator v = new LockValidator(ValidatorOptions.defaults(), findings::add);
    private int line;

    // ------------------------------------------------------------------ vocabulary

    private LockThread task(String name) {
        return v.newThread(name, ExecContext.TASK);
    }

    private LockThread softirq(String name) {
        return v.newThread(name, ExecContext.SOFTIRQ);
    }

    private LockThread hardirq(String name) {
        return v.newThread(name, ExecContext.HARDIRQ);
    }

    /** A lock of its own class, neither spinning nor sleeping (a lockdep map). */
    private Lock lock(String name) {
        return v.newLock(name, v.newClass(name), false, false);
    }

    private Lock spinlock(String name) {
        return v.newLock(name, v.newClass(name), true, false);
    }

    private Lock mutex(String name) {
        return v.newLock(name, v.newClass(name), false, true);
    }

    private Lock instance(String name, LockClass c) {
        return v.newLock(name, c, false, false);
    }

    private Site site(String op) {
        return new Site("test.scenario", ++line, op);
    }

    private void lock(LockThread t, Lock l) {
        v.acquire(t, l, ReadMode.WRITE, false, null, site("lock " + l.name()));
    }

    private void read(LockThread t, Lock l) {
        v.acquire(t, l, ReadMode.READ, false, null, site("read " + l.name()));
    }

    private void readRecursive(LockThread t, Lock l) {
        v.acquire(t, l, ReadMode.RECURSIVE_READ, false, null, site("read_recursive " + l.name()));
    }

    private void trylock(LockThread t, Lock l) {
        v.acquire(t, l, ReadMode.WRITE, true, null, site("trylock " + l.name()));
    }

    private void lockNested(LockThread t, Lock l, Lock nest) {
        v.acquire(t, l, ReadMode.WRITE, false, nest, site("ww_lock " + l.name() + " ctx " + nest.name()));
    }

    private void unlock(LockThread t, Lock l) {
        v.release(t, l, site("unlock " + l.name()));
    }

    /** Takes {@code first} then {@code second} (each in write mode) and releases both. */
    private void order(LockThread t, Lock first, Lock second) {
        lock(t, first);
        lock(t, second);
        unlock(t, second);
        unlock(t, first);
    }

    private void irqDisable(LockThread t) {
        v.hardirqsOff(t);
    }

    private void irqEnable(LockThread t) {
        v.hardirqsOn(t, site("irq_enable"));
    }

    private void bhDisable(LockThread t) {
        v.softirqsOff(t);
    }

    private void bhEnable(LockThread t) {
        v.softirqsOn(t, site("bh_enable"));
    }

    private boolean edge(Lock prev, Lock next) {
        return v.dependsOn(prev.lockClass(), next.lockClass());
    }

    private String dump() {
        return findings.stream().map(f -> f.label() + ": " + f.message()).collect(Collectors.joining("\n  ",
                "findings:\n  ", ""));
    }

    private void assertKinds(FindingKind... expected) {
        assertEquals(List.of(expected), findings.stream().map(Finding::kind).toList(), this::dump);
    }

    private void assertClean() {
        assertKinds();
    }

    private static int bit(int b) {
        return UsageBits.flag(b);
    }

    private static final int USED_IN_HARDIRQ = bit(UsageBits.usedIn(UsageBits.HARDIRQ, false));
    private static final int USED_IN_HARDIRQ_READ = bit(UsageBits.usedIn(UsageBits.HARDIRQ, true));
    private static final int ENABLED_HARDIRQ = bit(UsageBits.enabled(UsageBits.HARDIRQ, false));
    private static final int ENABLED_HARDIRQ_READ = bit(UsageBits.enabled(UsageBits.HARDIRQ, true));
    private static final int USED_IN_SOFTIRQ = bit(UsageBits.usedIn(UsageBits.SOFTIRQ, false));
    private static final int ENABLED_SOFTIRQ = bit(UsageBits.enabled(UsageBits.SOFTIRQ, false));
    private static final int ENABLED_SOFTIRQ_READ = bit(UsageBits.enabled(UsageBits.SOFTIRQ, true));

    private static int usage(Lock l) {
        return l.lockClass().usageMask();
    }

    // ================================================================== 1.2

    @Nested
    @DisplayName("1.2 acquisition parameters and same-class recursion")
    class AcquisitionParameters {

        @Test
        @DisplayName("read levels are lock_acquire()'s: 0 exclusive, 1 shared, 2 shared recursive")
        void readLevelsAreLockAcquireReadArgument() {
            assertEquals(0, ReadMode.WRITE.level());
            assertEquals(1, ReadMode.READ.level());
            assertEquals(2, ReadMode.RECURSIVE_READ.level());
            for (ReadMode m : ReadMode.values()) {
                assertSame(m, ReadMode.ofLevel(m.level()));
            }
            assertThrows(IllegalArgumentException.class, () -> ReadMode.ofLevel(3));
        }

        @Test
        @DisplayName("read=2 after a read hold of the same class is allowed (read-after-read recursion)")
        void recursiveReadAfterReadIsAllowed() {
            Lock a = lock("A");
            LockThread t = task("t");
            read(t, a);
            readRecursive(t, a);
            readRecursive(t, a);
            assertEquals(3, t.depth());
            assertClean();
        }

        @Test
        @DisplayName("read=1 taken again in the same class is an AA deadlock")
        void nonRecursiveReadAfterReadIsRecursiveLocking() {
            Lock a = lock("A");
            LockThread t = task("t");
            read(t, a);
            read(t, a);
            assertKinds(FindingKind.RECURSIVE_LOCKING);
        }

        @Test
        @DisplayName("read=2 under a write hold of the same class is recursive locking")
        void recursiveReadAfterWriteIsRecursiveLocking() {
            Lock a = lock("A");
            LockThread t = task("t");
            lock(t, a);
            readRecursive(t, a);
            assertKinds(FindingKind.RECURSIVE_LOCKING);
        }

        @Test
        @DisplayName("a write under a read hold of the same class is recursive locking")
        void writeAfterReadIsRecursiveLocking() {
            Lock a = lock("A");
            LockThread t = task("t");
            readRecursive(t, a);
            lock(t, a);
            assertKinds(FindingKind.RECURSIVE_LOCKING);
        }

        @Test
        @DisplayName("two instances of one class taken together are recursive locking (classes, not instances)")
        void sameClassTwiceIsRecursiveLocking() {
            LockClass x = v.newClass("X");
            Lock x1 = instance("X1", x);
            Lock x2 = instance("X2", x);
            LockThread t = task("t");
            lock(t, x1);
            lock(t, x2);
            assertKinds(FindingKind.RECURSIVE_LOCKING);
            assertTrue(findings.get(0).report().get(0).contains("possible recursive locking detected"));
        }

        @Test
        @DisplayName("read=2 instances of one class under read holds of each other are allowed")
        void recursiveReadOfAnotherInstanceUnderReadIsAllowed() {
            LockClass x = v.newClass("X");
            Lock x1 = instance("X1", x);
            Lock x2 = instance("X2", x);
            LockThread t = task("t");
            readRecursive(t, x1);
            readRecursive(t, x2);
            assertClean();
        }
    }

    // ================================================================== 1.3

    @Nested
    @DisplayName("1.3 dependency graph, edge types and strong paths")
    class DependencyGraphRules {

        @Test
        @DisplayName("__calc_dep_bit() and __calc_dep_bitb() give the four edge types")
        void dependencyTypeBitsFollowCalcDepBit() {
            // forward: (prev->read == 0) + ((next->read != 2) << 1)
            assertEquals(DependencyGraph.DEP_ER, DependencyGraph.forwardBit(0, 2));
            assertEquals(DependencyGraph.DEP_EN, DependencyGraph.forwardBit(0, 0));
            assertEquals(DependencyGraph.DEP_EN, DependencyGraph.forwardBit(0, 1));
            assertEquals(DependencyGraph.DEP_SR, DependencyGraph.forwardBit(1, 2));
            assertEquals(DependencyGraph.DEP_SR, DependencyGraph.forwardBit(2, 2));
            assertEquals(DependencyGraph.DEP_SN, DependencyGraph.forwardBit(1, 0));
            assertEquals(DependencyGraph.DEP_SN, DependencyGraph.forwardBit(2, 1));
            // backward: the two booleans swapped
            assertEquals(DependencyGraph.DEP_SN, DependencyGraph.backwardBit(0, 2));
            assertEquals(DependencyGraph.DEP_EN, DependencyGraph.backwardBit(0, 0));
            assertEquals(DependencyGraph.DEP_SR, DependencyGraph.backwardBit(1, 2));
            assertEquals(DependencyGraph.DEP_ER, DependencyGraph.backwardBit(1, 0));
        }

        @Test
        @DisplayName("an edge means 'next acquired while prev held' and is recorded between classes")
        void dependencyIsRecordedBetweenClasses() {
            LockClass x = v.newClass("X");
            LockClass y = v.newClass("Y");
            Lock x1 = instance("X1", x);
            Lock x2 = instance("X2", x);
            Lock y1 = instance("Y1", y);
            Lock y2 = instance("Y2", y);
            order(task("t1"), x1, y1);
            assertTrue(v.dependsOn(x, y));
            assertFalse(v.dependsOn(y, x));
            assertEquals(1, v.dependencyCount());
            order(task("t2"), y2, x2); // other instances, same classes
            assertKinds(FindingKind.CIRCULAR_DEPENDENCY);
        }

        @Test
        @DisplayName("exclusive ABBA is a circular dependency")
        void exclusiveAbbaIsCircularDependency() {
            Lock a = lock("A");
            Lock b = lock("B");
            order(task("t1"), a, b);
            order(task("t2"), b, a);
            assertKinds(FindingKind.CIRCULAR_DEPENDENCY);
            assertTrue(findings.get(0).report().get(0).contains("possible circular locking dependency detected"));
        }

        @Test
        @DisplayName("X -(SN)-> Y, Y -(ER)-> X: entering X by R and leaving by S is not strong (rlock_ABBA2)")
        void cycleThroughRecursiveReadThenSharedIsNotStrong() {
            Lock x = lock("X");
            Lock y = lock("Y");
            LockThread t = task("t");
            readRecursive(t, x);
            lock(t, y);          // X -(SN)-> Y
            unlock(t, y);
            unlock(t, x);
            lock(t, y);
            readRecursive(t, x); // Y -(ER)-> X
            unlock(t, x);
            unlock(t, y);
            assertClean();
            assertTrue(edge(x, y));
            assertTrue(edge(y, x));
        }

        @Test
        @DisplayName("X -(SN)-> Y, Y -(EN)-> X: a writer is blocked by the reader (rlock_ABBA1)")
        void readerThenWriterCycleIsStrong() {
            Lock x = lock("X");
            Lock y = lock("Y");
            LockThread t = task("t");
            readRecursive(t, x);
            lock(t, y);          // X -(SN)-> Y
            unlock(t, y);
            unlock(t, x);
            lock(t, y);
            lock(t, x);          // Y -(EN)-> X
            assertKinds(FindingKind.CIRCULAR_DEPENDENCY);
        }

        @Test
        @DisplayName("X -(SN)-> Y, Y -(EN)-> X with read=1: a non-recursive reader deadlocks (rwsem_ABBA2)")
        void cycleThroughNonRecursiveReadIsStrong() {
            Lock x = lock("X");
            Lock y = lock("Y");
            LockThread t = task("t");
            read(t, x);
            lock(t, y);          // X -(SN)-> Y
            unlock(t, y);
            unlock(t, x);
            lock(t, y);
            read(t, x);          // Y -(EN)-> X, X non-recursive: -(*N)->
            assertKinds(FindingKind.CIRCULAR_DEPENDENCY);
        }

        @Test
        @DisplayName("X -(ER)-> Y -(ER)-> Z -(ER)-> X: every node left by E is strong (W1R2_W2R3_W3R1)")
        void cycleThroughRecursiveReadThenExclusiveIsStrong() {
            Lock x = lock("X");
            Lock y = lock("Y");
            Lock z = lock("Z");
            LockThread t = task("t");
            lock(t, x);
            readRecursive(t, y);
            unlock(t, y);
            unlock(t, x);
            lock(t, y);
            readRecursive(t, z);
            unlock(t, z);
            unlock(t, y);
            assertClean();
            lock(t, z);
            readRecursive(t, x);
            assertKinds(FindingKind.CIRCULAR_DEPENDENCY);
        }

        @Test
        @DisplayName("X -(EN)-> Y -(SR)-> Z -(ER)-> X is strong (W1W2_R2R3_W3R1)")
        void exclusiveNonRecursiveThenSharedRecursiveThenExclusiveIsStrong() {
            Lock x = lock("X");
            Lock y = lock("Y");
            Lock z = lock("Z");
            LockThread t = task("t");
            order(t, x, y);
            readRecursive(t, y);
            readRecursive(t, z);
            unlock(t, z);
            unlock(t, y);
            lock(t, z);
            readRecursive(t, x);
            assertKinds(FindingKind.CIRCULAR_DEPENDENCY);
        }

        @Test
        @DisplayName("X -(EN)-> Y -(SR)-> Z -(SN)-> X is not strong (W1R2_R2R3_W3W1 case 3)")
        void sharedRecursiveThenSharedIsNotStrongInThreeLockCycle() {
            Lock x = lock("X");
            Lock y = lock("Y");
            Lock z = lock("Z");
            LockThread t = task("t");
            order(t, x, y);
            readRecursive(t, y);
            readRecursive(t, z);
            unlock(t, z);
            unlock(t, y);
            readRecursive(t, z);
            lock(t, x);
            unlock(t, x);
            unlock(t, z);
            assertClean();
            assertTrue(edge(z, x));
        }

        @Test
        @DisplayName("X -(ER)-> Y -(SR)-> Z -(EN)-> X is not strong (W1W2_R2R3_R3W1 case 4)")
        void recursiveEntryLeftThroughSharedEdgeIsNotStrong() {
            Lock x = lock("X");
            Lock y = lock("Y");
            Lock z = lock("Z");
            LockThread t = task("t");
            lock(t, x);
            readRecursive(t, y);
            unlock(t, y);
            unlock(t, x);
            readRecursive(t, y);
            readRecursive(t, z);
            unlock(t, z);
            unlock(t, y);
            order(t, z, x);
            assertClean();
        }

        @Test
        @DisplayName("all-recursive-reader ABBA is not a deadlock")
        void allRecursiveReadersAbbaIsNotACycle() {
            Lock x = lock("X");
            Lock y = lock("Y");
            LockThread t = task("t");
            readRecursive(t, x);
            readRecursive(t, y);
            unlock(t, y);
            unlock(t, x);
            readRecursive(t, y);
            readRecursive(t, x);
            assertClean();
        }

        @Test
        @DisplayName("a class pair that already has an edge ORs in the new dependency type")
        void existingEdgeAccumulatesDependencyTypes() {
            // Without the second step, A -(ER)-> B then B -(SN)-> A is not strong.
            Consumer<Boolean> run = (withWriteEdge) -> {
                findings.clear();
                LockValidator w = new LockValidator(ValidatorOptions.defaults(), findings::add);
                LockThread t = w.newThread("t", ExecContext.TASK);
                Lock a = w.newLock("A", w.newClass("A"), false, false);
                Lock b = w.newLock("B", w.newClass("B"), false, false);
                w.acquire(t, a, ReadMode.WRITE, false, null, site("lock A"));
                w.acquire(t, b, ReadMode.RECURSIVE_READ, false, null, site("read_recursive B")); // A -(ER)-> B
                w.release(t, b, site("unlock B"));
                if (withWriteEdge) {
                    w.acquire(t, b, ReadMode.WRITE, false, null, site("lock B"));              // A -(ER|EN)-> B
                    w.release(t, b, site("unlock B"));
                }
                w.release(t, a, site("unlock A"));
                assertEquals(1, w.dependencyCount(), "one class pair, one edge");
                w.acquire(t, b, ReadMode.READ, false, null, site("read B"));
                w.acquire(t, a, ReadMode.WRITE, false, null, site("lock A"));                  // B -(SN)-> A
            };
            run.accept(false);
            assertClean();
            run.accept(true);
            assertKinds(FindingKind.CIRCULAR_DEPENDENCY);
        }

        @Test
        @DisplayName("check_prevs_add() adds an edge from the top lock only, deeper locks are transitive")
        void checkPrevsAddStopsAtFirstNonTrylock() {
            Lock a = lock("A");
            Lock b = lock("B");
            Lock c = lock("C");
            LockThread t = task("t");
            lock(t, a);
            lock(t, b);
            lock(t, c);
            assertTrue(edge(a, b));
            assertTrue(edge(b, c));
            assertFalse(edge(a, c));
            assertEquals(2, v.dependencyCount());
            assertClean();
        }

        @Test
        @DisplayName("a trylock gets no incoming dependency")
        void trylockGetsNoIncomingDependency() {
            Lock a = lock("A");
            Lock b = lock("B");
            LockThread t = task("t");
            lock(t, a);
            trylock(t, b);
            assertFalse(edge(a, b));
            assertEquals(0, v.dependencyCount());
            assertEquals(2, t.depth(), "the trylock is on the held stack");
            assertTrue(t.heldAt(1).trylock());
        }

        @Test
        @DisplayName("a trylock in the reverse order of an existing dependency closes no cycle")
        void trylockInReverseOrderIsNotACycle() {
            Lock a = lock("A");
            Lock b = lock("B");
            order(task("t1"), a, b);
            LockThread t2 = task("t2");
            lock(t2, b);
            trylock(t2, a);
            assertClean();
        }

        @Test
        @DisplayName("a trylock gets no same-class check (validate_chain() skips it)")
        void trylockIsNotCheckedForSameClassRecursion() {
            LockClass x = v.newClass("X");
            Lock x1 = instance("X1", x);
            Lock x2 = instance("X2", x);
            LockThread t = task("t");
            lock(t, x1);
            trylock(t, x2);
            assertClean();
        }

        @Test
        @DisplayName("a trylock still gets outgoing dependencies when something is taken under it")
        void trylockStillGetsOutgoingDependencies() {
            Lock b = lock("B");
            Lock c = lock("C");
            LockThread t = task("t");
            trylock(t, b);
            lock(t, c);
            assertTrue(edge(b, c));
        }

        @Test
        @DisplayName("check_prevs_add() walks past trylocks and stops after the first real lock")
        void checkPrevsAddWalksPastTrylocksToFirstRealLock() {
            Lock z = lock("Z");
            Lock a = lock("A");
            Lock b = lock("B");
            Lock c = lock("C");
            Lock d = lock("D");
            LockThread t = task("t");
            lock(t, z);
            lock(t, a);
            trylock(t, b);
            trylock(t, c);
            lock(t, d);
            assertTrue(edge(c, d));
            assertTrue(edge(b, d));
            assertTrue(edge(a, d));
            assertFalse(edge(z, d), "the walk stops after A, the first non-trylock");
            assertFalse(edge(a, b));
            assertFalse(edge(b, c));
            assertEquals(4, v.dependencyCount()); // Z->A, C->D, B->D, A->D
            assertClean();
        }

        @Test
        @DisplayName("a trylock's outgoing edge takes part in cycles")
        void trylockOutgoingEdgeClosesCycle() {
            Lock b = lock("B");
            Lock c = lock("C");
            LockThread t = task("t");
            trylock(t, b);
            lock(t, c);      // B -> C
            unlock(t, c);
            unlock(t, b);
            order(t, c, b);  // C -> B
            assertKinds(FindingKind.CIRCULAR_DEPENDENCY);
        }

        @Test
        @DisplayName("check_prev_add() checks the cycle before irq usage: one cycle report")
        void cycleCheckPrecedesIrqUsageCheck() {
            Lock a = spinlock("A");
            Lock b = spinlock("B");
            LockThread irq = hardirq("irq");
            lock(irq, a);
            unlock(irq, a);           // A: hardirq-safe
            LockThread t1 = task("t1");
            irqDisable(t1);
            order(t1, b, a);          // B -> A (unsafe -> safe is fine)
            irqEnable(t1);
            lock(task("t2"), b);      // B: hardirq-unsafe
            assertClean();
            LockThread t3 = task("t3");
            irqDisable(t3);
            lock(t3, a);
            lock(t3, b);              // A -> B: closes a cycle and is safe -> unsafe
            assertKinds(FindingKind.CIRCULAR_DEPENDENCY);
        }
    }

    // ================================================================== 1.4

    @Nested
    @DisplayName("1.4 nest_lock, references, lock_is_held, release")
    class NestLockAndRelease {

        @Test
        @DisplayName("same class on top with a nest lock merges into one held entry with references")
        void nestLockMergesSameClassIntoOneEntry() {
            Lock ctx = lock("ctx");
            LockClass ww = v.newClass("ww");
            Lock o1 = instance("o1", ww);
            Lock o2 = instance("o2", ww);
            Lock o3 = instance("o3", ww);
            LockThread t = task("t");
            lock(t, ctx);
            lockNested(t, o1, ctx);
            lockNested(t, o2, ctx);
            lockNested(t, o3, ctx);
            assertEquals(2, t.depth(), "o2 and o3 merged into o1's entry");
            assertEquals(3, t.heldAt(1).references);
            assertTrue(v.isHeld(t, o3, -1), "match_held_lock() matches the class of a referenced entry");
            unlock(t, o2);
            unlock(t, o1);
            assertEquals(2, t.depth(), "one reference left");
            unlock(t, o3);
            assertEquals(1, t.depth());
            assertClean();
        }

        @Test
        @DisplayName("check_deadlock() returns 2 under a held nest lock: no report and no new dependencies")
        void nestLockSuppressesRecursionReportAndEdges() {
            Lock ctx = lock("ctx");
            Lock y = lock("Y");
            LockClass ww = v.newClass("ww");
            Lock o1 = instance("o1", ww);
            Lock o2 = instance("o2", ww);
            LockThread t = task("t");
            lock(t, ctx);
            lockNested(t, o1, ctx);
            lock(t, y);
            lockNested(t, o2, ctx);   // not merged: Y is on top
            assertEquals(4, t.depth());
            assertClean();
            assertFalse(v.dependsOn(y.lockClass(), ww), "ret == 2 skips check_prevs_add()");
        }

        @Test
        @DisplayName("without a nest lock the same sequence is recursive locking")
        void sameClassWithoutNestLockIsRecursiveLocking() {
            Lock y = lock("Y");
            LockClass ww = v.newClass("ww");
            Lock o1 = instance("o1", ww);
            Lock o2 = instance("o2", ww);
            LockThread t = task("t");
            lock(t, o1);
            lock(t, y);
            lock(t, o2);
            assertKinds(FindingKind.RECURSIVE_LOCKING);
        }

        @Test
        @DisplayName("the nest lock only counts if it is held below the same-class entry")
        void nestLockMustBeBelowTheSameClassEntry() {
            Lock ctx = lock("ctx");
            LockClass ww = v.newClass("ww");
            Lock o1 = instance("o1", ww);
            Lock o2 = instance("o2", ww);
            LockThread t = task("t");
            lock(t, o1);
            lock(t, ctx);
            lockNested(t, o2, ctx);
            assertKinds(FindingKind.RECURSIVE_LOCKING);
        }

        @Test
        @DisplayName("a nest lock that is not held is ww-context misuse; the lock is still pushed")
        void nestLockNotHeldIsWwContextMisuse() {
            Lock ctx = lock("ctx");
            Lock o = lock("o");
            Lock a = lock("A");
            LockThread t = task("t");
            lock(t, a);
            lockNested(t, o, ctx);
            assertKinds(FindingKind.WW_CONTEXT_MISUSE);
            assertTrue(findings.get(0).report().get(0).contains("Nested lock was not taken"));
            assertEquals(2, t.depth());
            assertSame(o, t.heldAt(1).lock());
            assertFalse(edge(a, o), "the misused acquisition is not validated");
        }

        @Test
        @DisplayName("__lock_acquire() merges with the top entry before it checks that the nest lock is held")
        void mergeWithTopPrecedesNestHeldCheck() {
            Lock ctx = lock("ctx");
            LockClass ww = v.newClass("ww");
            Lock o1 = instance("o1", ww);
            Lock o2 = instance("o2", ww);
            LockThread t = task("t");
            lock(t, o1);
            lockNested(t, o2, ctx);
            assertClean();
            assertEquals(1, t.depth());
        }

        @Test
        @DisplayName("releasing a nest lock from under a lock nested in it is ww-context misuse")
        void releasingNestLockBelowItsNestedLockIsWwContextMisuse() {
            Lock ctx = lock("ctx");
            Lock o = lock("o");
            LockThread t = task("t");
            lock(t, ctx);
            lockNested(t, o, ctx);
            unlock(t, ctx);          // o is re-acquired with its nest lock no longer held
            assertKinds(FindingKind.WW_CONTEXT_MISUSE);
        }

        @Test
        @DisplayName("lock_is_held_type(): -1 any mode, 0 write, 1 any read mode (also recursive)")
        void lockIsHeldTypeMatchesReadModes() {
            Lock w = lock("W");
            Lock r = lock("R");
            Lock rr = lock("RR");
            Lock none = lock("none");
            LockThread t = task("t");
            lock(t, w);
            read(t, r);
            readRecursive(t, rr);
            assertTrue(v.isHeld(t, w, -1));
            assertTrue(v.isHeld(t, w, 0));
            assertFalse(v.isHeld(t, w, 1));
            assertTrue(v.isHeld(t, r, 1));
            assertFalse(v.isHeld(t, r, 0));
            assertTrue(v.isHeld(t, rr, 1), "read=1 also matches a recursive hold");
            assertFalse(v.isHeld(t, none, -1));
        }

        @Test
        @DisplayName("unlock with nothing held is a bad unlock")
        void badUnlock() {
            Lock a = lock("A");
            LockThread t = task("t");
            unlock(t, a);
            assertKinds(FindingKind.BAD_UNLOCK);
            assertTrue(findings.get(0).report().contains("but there are no more locks to release!"));
        }

        @Test
        @DisplayName("unlock of a lock that is not held is a bad unlock and leaves the stack alone")
        void badUnlockOfLockNotHeld() {
            Lock a = lock("A");
            Lock b = lock("B");
            LockThread t = task("t");
            lock(t, a);
            unlock(t, b);
            assertKinds(FindingKind.BAD_UNLOCK);
            assertTrue(findings.get(0).report().contains("but it does not hold that lock!"));
            assertEquals(1, t.depth());
            unlock(t, a);
            unlock(t, a);
            assertKinds(FindingKind.BAD_UNLOCK, FindingKind.BAD_UNLOCK);
        }

        @Test
        @DisplayName("releasing another instance of a held class is a bad unlock (instances are matched)")
        void releasingOtherInstanceOfHeldClassIsBadUnlock() {
            LockClass x = v.newClass("X");
            Lock x1 = instance("X1", x);
            Lock x2 = instance("X2", x);
            LockThread t = task("t");
            lock(t, x1);
            unlock(t, x2);
            assertKinds(FindingKind.BAD_UNLOCK);
        }

        @Test
        @DisplayName("releasing from the middle re-acquires the locks above, which adds their edges")
        void releaseFromMiddleReacquiresLocksAbove() {
            Lock a = lock("A");
            Lock b = lock("B");
            Lock c = lock("C");
            LockThread t = task("t");
            lock(t, a);
            lock(t, b);
            lock(t, c);
            assertFalse(edge(a, c));
            unlock(t, b);
            assertEquals(2, t.depth());
            assertSame(a, t.heldAt(0).lock());
            assertSame(c, t.heldAt(1).lock());
            assertTrue(edge(a, c), "re-acquiring C under A records A -> C");
            assertClean();
        }

        @Test
        @DisplayName("re-acquired locks keep their trylock flag and read mode")
        void releaseFromMiddleKeepsTrylockAndReadMode() {
            Lock a = lock("A");
            Lock b = lock("B");
            Lock tl = lock("T");
            Lock r = lock("R");
            LockThread t = task("t");
            lock(t, a);
            lock(t, b);
            trylock(t, tl);
            read(t, r);
            unlock(t, b);
            assertEquals(3, t.depth());
            assertTrue(t.heldAt(1).trylock());
            assertEquals(1, t.heldAt(2).read());
            assertFalse(edge(a, tl), "the re-acquired trylock still gets no incoming edge");
            assertTrue(edge(a, r), "the walk past the trylock reaches A");
            assertClean();
        }

        @Test
        @DisplayName("a re-acquisition that closes a cycle is reported by the release")
        void reacquisitionCanCloseACycle() {
            Lock a = lock("A");
            Lock x = lock("X");
            Lock c = lock("C");
            order(task("t1"), c, a);  // C -(EN)-> A
            LockThread t = task("t");
            lock(t, a);
            readRecursive(t, x);      // A -(ER)-> X
            lock(t, c);               // X -(SN)-> C: A -> X -> C -> A is not strong
            assertClean();
            unlock(t, x);             // C re-acquired under A: A -(EN)-> C against C -(EN)-> A
            assertKinds(FindingKind.CIRCULAR_DEPENDENCY);
            assertEquals(2, t.depth());
        }

        @Test
        @DisplayName("releasing the top restores the previous chain key")
        void releaseRestoresPreviousChainKey() {
            Lock a = lock("A");
            Lock b = lock("B");
            LockThread t = task("t");
            irqDisable(t);
            lock(t, a);
            lock(t, b);
            int chains = v.chainCount();
            unlock(t, b);
            lock(t, b);
            assertEquals(chains, v.chainCount(), "[A, B] again: the same chain");
        }
    }

    // ================================================================== 1.5

    @Nested
    @DisplayName("1.5 chain cache")
    class ChainCacheRules {

        /** rlock_chaincache_ABBA1. */
        private void chainCacheAbba(LockValidator w) {
            LockThread t = w.newThread("t", ExecContext.TASK);
            Lock x = w.newLock("X", w.newClass("X"), true, false);
            Lock y = w.newLock("Y", w.newClass("Y"), true, false);
            w.acquire(t, x, ReadMode.RECURSIVE_READ, false, null, site("read_recursive X"));
            w.acquire(t, y, ReadMode.WRITE, false, null, site("lock Y"));           // X -(SN)-> Y
            w.release(t, y, site("unlock Y"));
            w.release(t, x, site("unlock X"));
            w.acquire(t, y, ReadMode.WRITE, false, null, site("lock Y"));
            w.acquire(t, x, ReadMode.RECURSIVE_READ, false, null, site("read_recursive X")); // Y -(ER)-> X
            w.release(t, x, site("unlock X"));
            w.release(t, y, site("unlock Y"));
            w.acquire(t, y, ReadMode.WRITE, false, null, site("lock Y"));
            w.acquire(t, x, ReadMode.WRITE, false, null, site("lock X"));           // Y -(EN)-> X
            w.release(t, x, site("unlock X"));
            w.release(t, y, site("unlock Y"));
        }

        @Test
        @DisplayName("the chain key includes the read mode: [Y, X(read)] does not hide [Y, X(write)]")
        void chainCacheKeyIncludesReadMode() {
            chainCacheAbba(v);
            assertKinds(FindingKind.CIRCULAR_DEPENDENCY);
        }

        @Test
        @DisplayName("verdicts are identical with the chain cache disabled")
        void verdictIsTheSameWithoutChainCache() {
            chainCacheAbba(v);
            List<FindingKind> cached = findings.stream().map(Finding::kind).toList();
            int cachedEdges = v.dependencyCount();
            findings.clear();
            LockValidator uncached = new LockValidator(ValidatorOptions.defaults().withChainCache(false),
                    findings::add);
            chainCacheAbba(uncached);
            assertEquals(cached, findings.stream().map(Finding::kind).toList());
            assertEquals(cachedEdges, uncached.dependencyCount());
            assertEquals(0, uncached.chainCount());
        }

        @Test
        @DisplayName("a chain is validated once; a different order or mode is a new chain")
        void repeatedChainIsCachedOnce() {
            Lock a = lock("A");
            Lock b = lock("B");
            LockThread t = task("t");
            irqDisable(t);                   // no usage bits: the cache is never invalidated
            order(t, a, b);
            assertEquals(2, v.chainCount()); // [A], [A, B]
            order(t, a, b);
            assertEquals(2, v.chainCount());
            lock(t, a);
            readRecursive(t, b);
            assertEquals(3, v.chainCount(), "[A, B(read)] is a new chain");
            unlock(t, b);
            unlock(t, a);
            order(t, b, lock("C"));
            assertEquals(5, v.chainCount(), "[B], [B, C]");
            assertClean();
        }

        @Test
        @DisplayName("usage marking runs on every acquisition, also on a chain-cache hit")
        void usageMarkingRunsEvenOnChainCacheHit() {
            Lock a = spinlock("A");
            LockThread off = task("off");
            irqDisable(off);
            lock(off, a);
            unlock(off, a);
            assertEquals(1, v.chainCount(), "[A] is cached");
            assertEquals(0, usage(a));
            LockThread irq = hardirq("irq");
            lock(irq, a);                    // the same chain [A]: a cache hit
            assertEquals(USED_IN_HARDIRQ, usage(a));
            unlock(irq, a);
            lock(task("on"), a);
            assertKinds(FindingKind.IRQ_UNSAFE);
        }
    }

    // ================================================================== 1.6 / 1.6a

    @Nested
    @DisplayName("1.6a when usage bits are set")
    class UsageMarking {

        @Test
        @DisplayName("a task acquisition with irqs on marks ENABLED_HARDIRQ and ENABLED_SOFTIRQ")
        void taskAcquisitionWithIrqsOnMarksBothEnabledBits() {
            Lock a = lock("A");
            lock(task("t"), a);
            assertEquals(ENABLED_HARDIRQ | ENABLED_SOFTIRQ, usage(a));
        }

        @Test
        @DisplayName("a read acquisition marks the _READ bits")
        void readAcquisitionMarksReadBits() {
            Lock a = lock("A");
            Lock b = lock("B");
            LockThread t = task("t");
            read(t, a);
            readRecursive(t, b);
            assertEquals(ENABLED_HARDIRQ_READ | ENABLED_SOFTIRQ_READ, usage(a));
            assertEquals(ENABLED_HARDIRQ_READ | ENABLED_SOFTIRQ_READ, usage(b));
        }

        @Test
        @DisplayName("with irqs disabled nothing is marked ENABLED")
        void irqsDisabledMarksNothing() {
            Lock a = lock("A");
            LockThread t = task("t");
            irqDisable(t);
            lock(t, a);
            assertEquals(0, usage(a));
        }

        @Test
        @DisplayName("inside local_bh_disable() only ENABLED_HARDIRQ is marked")
        void bhDisabledMarksOnlyHardirqEnabled() {
            Lock a = lock("A");
            LockThread t = task("t");
            bhDisable(t);
            lock(t, a);
            assertEquals(ENABLED_HARDIRQ, usage(a));
        }

        @Test
        @DisplayName("in a hardirq handler: USED_IN_HARDIRQ, never ENABLED")
        void lockInHardirqIsNeverMarkedEnabled() {
            Lock a = lock("A");
            Lock b = lock("B");
            LockThread irq = hardirq("irq");
            lock(irq, a);
            readRecursive(irq, b);
            irqEnable(irq);                  // ignored inside a hardirq handler
            assertEquals(USED_IN_HARDIRQ, usage(a));
            assertEquals(USED_IN_HARDIRQ_READ, usage(b));
        }

        @Test
        @DisplayName("in a softirq handler: USED_IN_SOFTIRQ and, hardirqs being on, ENABLED_HARDIRQ")
        void lockInSoftirqIsUsedInSoftirqAndHardirqEnabled() {
            Lock a = lock("A");
            lock(softirq("bh"), a);
            assertEquals(USED_IN_SOFTIRQ | ENABLED_HARDIRQ, usage(a));
        }

        @Test
        @DisplayName("a trylock in irq context does not mark USED_IN")
        void trylockInIrqDoesNotMarkUsedIn() {
            Lock a = spinlock("A");
            LockThread irq = hardirq("irq");
            trylock(irq, a);
            unlock(irq, a);
            assertEquals(0, usage(a));
            lock(task("t"), a);
            assertClean();
        }

        @Test
        @DisplayName("a trylock with irqs on is still marked ENABLED")
        void trylockWithIrqsOnStillMarksEnabled() {
            Lock a = spinlock("A");
            LockThread t = task("t");
            trylock(t, a);
            unlock(t, a);
            assertEquals(ENABLED_HARDIRQ | ENABLED_SOFTIRQ, usage(a));
            lock(hardirq("irq"), a);
            assertKinds(FindingKind.IRQ_UNSAFE);
        }

        @Test
        @DisplayName("local_irq_enable() marks every held lock ENABLED")
        void irqEnableMarksHeldLocksEnabled() {
            Lock a = spinlock("A");
            Lock r = lock("R");
            LockThread t = task("t");
            irqDisable(t);
            lock(t, a);
            readRecursive(t, r);
            assertEquals(0, usage(a));
            irqEnable(t);
            assertEquals(ENABLED_HARDIRQ | ENABLED_SOFTIRQ, usage(a));
            assertEquals(ENABLED_HARDIRQ_READ | ENABLED_SOFTIRQ_READ, usage(r));
        }

        @Test
        @DisplayName("local_bh_enable() with hardirqs on marks every held lock ENABLED_SOFTIRQ")
        void bhEnableMarksHeldLocksSoftirqEnabled() {
            Lock a = spinlock("A");
            LockThread t = task("t");
            bhDisable(t);
            lock(t, a);
            assertEquals(ENABLED_HARDIRQ, usage(a));
            bhEnable(t);
            assertEquals(ENABLED_HARDIRQ | ENABLED_SOFTIRQ, usage(a));
        }

        @Test
        @DisplayName("local_bh_enable() with hardirqs off marks nothing")
        void bhEnableWithIrqsOffMarksNothing() {
            Lock a = spinlock("A");
            LockThread t = task("t");
            irqDisable(t);
            bhDisable(t);
            lock(t, a);
            bhEnable(t);
            assertEquals(0, usage(a));
        }
    }

    @Nested
    @DisplayName("1.6 irq-safety rules")
    class IrqSafety {

        @Test
        @DisplayName("{IN-HARDIRQ-W} then {HARDIRQ-ON-W} is an inconsistent lock state")
        void usedInHardirqThenEnabledIsInconsistent() {
            Lock a = spinlock("A");
            LockThread irq = hardirq("irq");
            lock(irq, a);
            unlock(irq, a);
            LockThread t = task("t");
            lock(t, a);
            assertKinds(FindingKind.IRQ_UNSAFE);
            assertTrue(findings.get(0).report().contains("inconsistent {IN-HARDIRQ-W} -> {HARDIRQ-ON-W} usage."),
                    () -> String.join("\n", findings.get(0).report()));
            assertEquals(1, t.depth(), "the reported acquisition is still pushed");
        }

        @Test
        @DisplayName("{HARDIRQ-ON-W} then {IN-HARDIRQ-W} is an inconsistent lock state")
        void enabledThenUsedInHardirqIsInconsistent() {
            Lock a = spinlock("A");
            order(task("t"), a, lock("B"));
            lock(hardirq("irq"), a);
            assertKinds(FindingKind.IRQ_UNSAFE);
            assertTrue(findings.get(0).report().contains("inconsistent {HARDIRQ-ON-W} -> {IN-HARDIRQ-W} usage."));
        }

        @Test
        @DisplayName("an acquisition reported for irq usage still records its dependencies")
        void irqInconsistentAcquisitionStillRecordsDependencies() {
            Lock a = spinlock("A");
            Lock b = mutex("B");
            LockThread irq = hardirq("irq");
            lock(irq, a);
            unlock(irq, a);
            LockThread t = task("t");
            lock(t, b);
            lock(t, a);               // {IN-HARDIRQ-W} -> {HARDIRQ-ON-W}: reported
            assertKinds(FindingKind.IRQ_UNSAFE);
            assertTrue(edge(b, a), "B -> A happened");
        }

        @Test
        @DisplayName("taken in hardirq and elsewhere only with irqs disabled is fine")
        void usedInHardirqAndTakenWithIrqsDisabledIsFine() {
            Lock a = spinlock("A");
            LockThread t = task("t");
            irqDisable(t);
            lock(t, a);
            unlock(t, a);
            irqEnable(t);
            lock(hardirq("irq"), a);
            assertClean();
        }

        @Test
        @DisplayName("local_irq_enable() with a hardirq-safe lock held is inconsistent")
        void irqEnableWithHardirqSafeLockHeldIsInconsistent() {
            Lock a = spinlock("A");
            LockThread irq = hardirq("irq");
            lock(irq, a);
            unlock(irq, a);
            LockThread t = task("t");
            irqDisable(t);
            lock(t, a);
            assertClean();
            irqEnable(t);
            assertKinds(FindingKind.IRQ_UNSAFE);
            assertEquals("irq_enable", findings.get(0).site().operation());
        }

        @Test
        @DisplayName("{IN-SOFTIRQ-W} then {SOFTIRQ-ON-W} is an inconsistent lock state")
        void usedInSoftirqThenSoftirqEnabledIsInconsistent() {
            Lock a = spinlock("A");
            LockThread bh = softirq("bh");
            lock(bh, a);
            unlock(bh, a);
            lock(task("t"), a);
            assertKinds(FindingKind.IRQ_UNSAFE);
            assertTrue(findings.get(0).report().contains("inconsistent {IN-SOFTIRQ-W} -> {SOFTIRQ-ON-W} usage."));
        }

        @Test
        @DisplayName("softirq-safe lock taken under local_bh_disable() is fine")
        void usedInSoftirqAndTakenWithBhDisabledIsFine() {
            Lock a = spinlock("A");
            LockThread bh = softirq("bh");
            lock(bh, a);
            unlock(bh, a);
            LockThread t = task("t");
            bhDisable(t);
            lock(t, a);
            unlock(t, a);
            bhEnable(t);
            assertClean();
        }

        @Test
        @DisplayName("local_bh_enable() with a softirq-safe lock held is inconsistent")
        void bhEnableWithSoftirqSafeLockHeldIsInconsistent() {
            Lock a = spinlock("A");
            LockThread bh = softirq("bh");
            lock(bh, a);
            unlock(bh, a);
            LockThread t = task("t");
            bhDisable(t);
            lock(t, a);
            assertClean();
            bhEnable(t);
            assertKinds(FindingKind.IRQ_UNSAFE);
        }

        @Test
        @DisplayName("a softirq lock is hardirq-enabled, so it may not be used in hardirq")
        void lockTakenInSoftirqThenUsedInHardirqIsInconsistent() {
            Lock a = spinlock("A");
            LockThread bh = softirq("bh");
            lock(bh, a);
            unlock(bh, a);
            lock(hardirq("irq"), a);
            assertKinds(FindingKind.IRQ_UNSAFE);
        }

        @Test
        @DisplayName("recursive read in irq and read with irqs on is fine, in either order")
        void recursiveReadInIrqAndReadEnabledIsFine() {
            Lock a = lock("A");
            LockThread irq = hardirq("irq");
            readRecursive(irq, a);
            unlock(irq, a);
            LockThread t = task("t");
            readRecursive(t, a);
            unlock(t, a);
            Lock b = lock("B");
            readRecursive(t, b);
            unlock(t, b);
            readRecursive(irq, b);
            assertClean();
            assertEquals(USED_IN_HARDIRQ_READ | ENABLED_HARDIRQ_READ | ENABLED_SOFTIRQ_READ, usage(a));
        }

        @Test
        @DisplayName("{IN-HARDIRQ-R} conflicts with {HARDIRQ-ON-W}")
        void readInIrqAndWriteEnabledIsInconsistent() {
            Lock a = lock("A");
            LockThread irq = hardirq("irq");
            readRecursive(irq, a);
            unlock(irq, a);
            lock(task("t"), a);
            assertKinds(FindingKind.IRQ_UNSAFE);
            assertTrue(findings.get(0).report().contains("inconsistent {IN-HARDIRQ-R} -> {HARDIRQ-ON-W} usage."));
        }

        @Test
        @DisplayName("{IN-HARDIRQ-W} conflicts with {HARDIRQ-ON-R}")
        void writeInIrqAndReadEnabledIsInconsistent() {
            Lock a = lock("A");
            LockThread irq = hardirq("irq");
            lock(irq, a);
            unlock(irq, a);
            readRecursive(task("t"), a);
            assertKinds(FindingKind.IRQ_UNSAFE);
            assertTrue(findings.get(0).report().contains("inconsistent {IN-HARDIRQ-W} -> {HARDIRQ-ON-R} usage."));
        }

        @Test
        @DisplayName("a new dependency from a hardirq-safe to a hardirq-unsafe lock is reported")
        void irqSafeToIrqUnsafeOrderIsReported() {
            Lock a = spinlock("A");
            Lock b = spinlock("B");
            LockThread irq = hardirq("irq");
            lock(irq, a);
            unlock(irq, a);           // A: hardirq-safe
            order(task("t1"), b, lock("C")); // B: hardirq-unsafe
            LockThread t2 = task("t2");
            irqDisable(t2);
            lock(t2, a);
            lock(t2, b);
            assertKinds(FindingKind.IRQ_UNSAFE);
            assertEquals("WARNING: HARDIRQ-safe -> HARDIRQ-unsafe lock order detected",
                    findings.get(0).report().get(0));
            assertFalse(edge(a, b), "the bad dependency is not recorded");
            assertEquals(2, t2.depth());
        }

        @Test
        @DisplayName("the irq-safe -> irq-unsafe check follows paths: A -> C, C -> B")
        void irqSafeToIrqUnsafeThroughIntermediateLock() {
            Lock a = spinlock("A");
            Lock b = spinlock("B");
            Lock c = spinlock("C");
            LockThread irq = hardirq("irq");
            lock(irq, a);
            unlock(irq, a);
            LockThread t1 = task("t1");
            lock(t1, b);
            unlock(t1, b);
            LockThread t2 = task("t2");
            irqDisable(t2);
            order(t2, c, b);          // C -> B; C itself has no irq usage
            assertClean();
            lock(t2, a);
            lock(t2, c);              // A -> C -> B
            assertKinds(FindingKind.IRQ_UNSAFE);
        }

        @Test
        @DisplayName("softirq-safe -> softirq-unsafe is reported too")
        void softirqSafeToSoftirqUnsafeOrderIsReported() {
            Lock a = spinlock("A");
            Lock b = spinlock("B");
            LockThread bh = softirq("bh");
            lock(bh, a);
            unlock(bh, a);
            lock(task("t1"), b);
            LockThread t2 = task("t2");
            bhDisable(t2);
            lock(t2, a);
            lock(t2, b);
            assertKinds(FindingKind.IRQ_UNSAFE);
            assertEquals("WARNING: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected",
                    findings.get(0).report().get(0));
        }

        @Test
        @DisplayName("a lock only ever taken with irqs off may follow a hardirq-safe lock")
        void irqSafeFollowedByLockAlwaysTakenWithIrqsOffIsFine() {
            Lock a = spinlock("A");
            Lock b = spinlock("B");
            LockThread t1 = task("t1");
            irqDisable(t1);
            order(t1, a, b);
            irqEnable(t1);
            LockThread t2 = task("t2");
            irqDisable(t2);
            lock(t2, b);
            unlock(t2, b);
            irqEnable(t2);
            lock(hardirq("irq"), a);
            assertClean();
        }

        @Test
        @DisplayName("marking ENABLED searches backwards for an irq-safe lock (irq lock inversion)")
        void lockBecomingIrqUnsafeBelowIrqSafeLockIsInversion() {
            Lock a = spinlock("A");
            Lock b = spinlock("B");
            LockThread irq = hardirq("irq");
            lock(irq, a);
            unlock(irq, a);
            LockThread t1 = task("t1");
            irqDisable(t1);
            order(t1, a, b);          // A -> B, B has no usage yet
            assertClean();
            lock(task("t2"), b);      // B becomes hardirq-unsafe
            assertKinds(FindingKind.IRQ_UNSAFE);
            assertEquals("WARNING: possible irq lock inversion dependency detected",
                    findings.get(0).report().get(0));
        }

        @Test
        @DisplayName("marking USED_IN searches forwards for an irq-unsafe lock (irq lock inversion)")
        void lockBecomingIrqSafeAboveIrqUnsafeLockIsInversion() {
            Lock a = spinlock("A");
            Lock b = spinlock("B");
            LockThread t1 = task("t1");
            irqDisable(t1);
            order(t1, a, b);          // A -> B
            irqEnable(t1);
            lock(task("t2"), b);      // B hardirq-unsafe
            assertClean();
            lock(hardirq("irq"), a);  // A becomes hardirq-safe
            assertKinds(FindingKind.IRQ_UNSAFE);
            assertEquals("WARNING: possible irq lock inversion dependency detected",
                    findings.get(0).report().get(0));
        }

        @Test
        @DisplayName("read irq-safety does not count when the safe lock is held for reading")
        void readIrqSafetyIgnoredWhenHeldForReading() {
            Lock a = lock("A");
            Lock b = spinlock("B");
            LockThread irq = hardirq("irq");
            readRecursive(irq, a);
            unlock(irq, a);           // A: {IN-HARDIRQ-R}
            lock(task("t1"), b);      // B: hardirq-unsafe
            LockThread t2 = task("t2");
            irqDisable(t2);
            readRecursive(t2, a);
            lock(t2, b);              // A -(SN)-> B: a recursive reader in irq is not blocked
            assertClean();
            assertTrue(edge(a, b));
        }

        @Test
        @DisplayName("read irq-safety counts when the safe lock is held for writing")
        void readIrqSafetyCountsWhenHeldForWriting() {
            Lock a = lock("A");
            Lock b = spinlock("B");
            LockThread irq = hardirq("irq");
            readRecursive(irq, a);
            unlock(irq, a);
            lock(task("t1"), b);
            LockThread t2 = task("t2");
            irqDisable(t2);
            lock(t2, a);
            lock(t2, b);              // A -(EN)-> B: the irq reader waits for the writer
            assertKinds(FindingKind.IRQ_UNSAFE);
        }

        /** A hardirq-safe A, and B only ever read-held with irqs on ({HARDIRQ-ON-R}). */
        private LockThread readUnsafeSetup(Lock a, Lock b) {
            LockThread irq = hardirq("irq");
            lock(irq, a);
            unlock(irq, a);           // A: {IN-HARDIRQ-W}
            LockThread t1 = task("t1");
            readRecursive(t1, b);
            unlock(t1, b);            // B: {HARDIRQ-ON-R} only
            LockThread t2 = task("t2");
            irqDisable(t2);
            lock(t2, a);
            return t2;
        }

        @Test
        @DisplayName("a recursive read of a lock that is only read-held with irqs on is no inversion")
        void recursiveReadOfReadUnsafeLockIsNotReported() {
            Lock a = spinlock("A");
            Lock b = lock("B");
            LockThread t2 = readUnsafeSetup(a, b);
            readRecursive(t2, b);     // A -(ER)-> B: a recursive reader is not blocked by B's readers
            assertClean();
            assertTrue(edge(a, b));
        }

        @Test
        @DisplayName("a write of a lock that is read-held with irqs on, under a hardirq-safe lock, is reported")
        void writeOfReadUnsafeLockUnderIrqSafeLockIsReported() {
            assertEquals(USED_IN_HARDIRQ | USED_IN_HARDIRQ_READ,
                    UsageBits.originalMask(ENABLED_HARDIRQ_READ) & (USED_IN_HARDIRQ | USED_IN_HARDIRQ_READ),
                    "original_mask({HARDIRQ-ON-R}) = {IN-HARDIRQ-W, IN-HARDIRQ-R}");
            Lock a = spinlock("A");
            Lock b = lock("B");
            LockThread t2 = readUnsafeSetup(a, b);
            lock(t2, b);              // A -(EN)-> B: blocked by a reader interrupted on another CPU
            assertKinds(FindingKind.IRQ_UNSAFE);
            assertFalse(edge(a, b));
        }
    }

    // ================================================================== in_atomic / might_sleep

    @Nested
    @DisplayName("1.6a in_atomic() and might_sleep()")
    class Sleeping {

        @Test
        @DisplayName("might_sleep() with a spinning lock held is sleep-in-atomic")
        void mightSleepUnderSpinlock() {
            LockThread t = task("t");
            lock(t, spinlock("S"));
            assertFalse(v.mightSleep(t, site("might_sleep")));
            assertKinds(FindingKind.SLEEP_IN_ATOMIC);
            assertTrue(findings.get(0).report().contains("in_atomic(): 1, irqs_disabled(): 0, thread: t (task)"));
            assertNull(findings.get(0).rule());
        }

        @Test
        @DisplayName("might_sleep() with irqs disabled is sleep-in-atomic, though not in_atomic()")
        void mightSleepWithIrqsDisabled() {
            LockThread t = task("t");
            irqDisable(t);
            assertFalse(t.inAtomic(), "interrupts merely disabled do not count for in_atomic()");
            assertFalse(v.mightSleep(t, site("might_sleep")));
            assertKinds(FindingKind.SLEEP_IN_ATOMIC);
            assertTrue(findings.get(0).report().contains("in_atomic(): 0, irqs_disabled(): 1, thread: t (task)"));
        }

        @Test
        @DisplayName("might_sleep() inside local_bh_disable() is sleep-in-atomic")
        void mightSleepWithBhDisabled() {
            LockThread t = task("t");
            bhDisable(t);
            assertTrue(t.inAtomic());
            assertFalse(v.mightSleep(t, site("might_sleep")));
            assertKinds(FindingKind.SLEEP_IN_ATOMIC);
        }

        @Test
        @DisplayName("might_sleep() in a softirq or hardirq handler is sleep-in-atomic")
        void mightSleepInInterruptContext() {
            assertFalse(v.mightSleep(softirq("bh"), site("might_sleep")));
            assertFalse(v.mightSleep(hardirq("irq"), site("might_sleep")));
            assertKinds(FindingKind.SLEEP_IN_ATOMIC, FindingKind.SLEEP_IN_ATOMIC);
        }

        @Test
        @DisplayName("might_sleep() under a mutex or a lockdep map is fine")
        void mightSleepUnderSleepingLockOrMapIsFine() {
            LockThread t = task("t");
            lock(t, mutex("M"));
            lock(t, lock("map"));
            assertFalse(t.inAtomic());
            assertTrue(v.mightSleep(t, site("might_sleep")));
            assertClean();
        }

        @Test
        @DisplayName("in_atomic() ends with the last spinning lock and bh_enable")
        void atomicSectionEnds() {
            Lock s = spinlock("S");
            LockThread t = task("t");
            lock(t, s);
            bhDisable(t);
            unlock(t, s);
            assertTrue(t.inAtomic());
            bhEnable(t);
            assertFalse(t.inAtomic());
            irqDisable(t);
            irqEnable(t);
            assertTrue(v.mightSleep(t, site("might_sleep")));
            assertClean();
        }
    }

    // ================================================================== after a finding

    @Nested
    @DisplayName("after a finding (scenario-format.md 'After a finding')")
    class AfterAFinding {

        @Test
        @DisplayName("a thread that ends holding locks is lock-held-at-exit, once")
        void lockHeldAtExit() {
            Lock a = lock("A");
            Lock b = lock("B");
            LockThread t = task("t");
            lock(t, a);
            lock(t, b);
            v.threadExit(t, site("end"));
            assertKinds(FindingKind.LOCK_HELD_AT_EXIT);
            assertTrue(findings.get(0).message().endsWith("ends holding A, B"), findings.get(0).message());
            assertEquals(0, t.depth());
            v.threadExit(t, site("end"));
            LockThread clean = task("clean");
            order(clean, a, b);
            v.threadExit(clean, site("end"));
            assertKinds(FindingKind.LOCK_HELD_AT_EXIT);
        }

        @Test
        @DisplayName("a dependency that would close a cycle is reported once and not recorded")
        void cycleReportedOnceAndNotRecorded() {
            Lock a = lock("A");
            Lock b = lock("B");
            order(task("t1"), a, b);
            LockThread t2 = task("t2");
            lock(t2, b);
            lock(t2, a);
            assertKinds(FindingKind.CIRCULAR_DEPENDENCY);
            assertFalse(edge(b, a), "the closing dependency is not recorded");
            assertEquals(2, t2.depth(), "the reported acquisition is still pushed");
            unlock(t2, a);
            unlock(t2, b);
            order(task("t3"), b, a);
            assertKinds(FindingKind.CIRCULAR_DEPENDENCY);
        }

        @Test
        @DisplayName("a cycle is reported once also without the chain cache")
        void cycleReportedOnceWithoutChainCache() {
            LockValidator w = new LockValidator(ValidatorOptions.defaults().withChainCache(false), findings::add);
            Lock a = w.newLock("A", w.newClass("A"), false, false);
            Lock b = w.newLock("B", w.newClass("B"), false, false);
            LockThread t = w.newThread("t", ExecContext.TASK);
            for (int i = 0; i < 3; i++) {
                w.acquire(t, a, ReadMode.WRITE, false, null, site("lock A"));
                w.acquire(t, b, ReadMode.WRITE, false, null, site("lock B"));
                w.release(t, b, site("unlock B"));
                w.release(t, a, site("unlock A"));
                w.acquire(t, b, ReadMode.WRITE, false, null, site("lock B"));
                w.acquire(t, a, ReadMode.WRITE, false, null, site("lock A"));
                w.release(t, a, site("unlock A"));
                w.release(t, b, site("unlock B"));
            }
            assertKinds(FindingKind.CIRCULAR_DEPENDENCY);
        }

        @Test
        @DisplayName("recursive locking of one class is reported once")
        void recursionReportedOncePerClass() {
            LockClass x = v.newClass("X");
            Lock x1 = instance("X1", x);
            Lock x2 = instance("X2", x);
            for (String name : List.of("t1", "t2")) {
                LockThread t = task(name);
                lock(t, x1);
                lock(t, x2);
                unlock(t, x2);
                unlock(t, x1);
            }
            assertKinds(FindingKind.RECURSIVE_LOCKING);
        }

        @Test
        @DisplayName("one operation makes at most one lockdep report")
        void oneReportPerOperation() {
            Lock a = lock("A");
            Lock b = lock("B");
            Lock c = lock("C");
            Lock d = lock("D");
            LockThread t1 = task("t1");
            order(t1, a, b);
            order(t1, c, d);
            LockThread t2 = task("t2");
            v.beginOperation(t2);
            lock(t2, b);
            lock(t2, a);              // cycle 1
            unlock(t2, a);
            unlock(t2, b);
            lock(t2, d);
            lock(t2, c);              // cycle 2, same operation
            unlock(t2, c);
            unlock(t2, d);
            v.endOperation(t2);
            assertKinds(FindingKind.CIRCULAR_DEPENDENCY);
        }

        @Test
        @DisplayName("separate operations report separate mistakes")
        void eachOperationReportsItsOwnMistake() {
            Lock a = lock("A");
            Lock b = lock("B");
            Lock c = lock("C");
            Lock d = lock("D");
            LockThread t1 = task("t1");
            order(t1, a, b);
            order(t1, c, d);
            LockThread t2 = task("t2");
            order(t2, b, a);
            order(t2, d, c);
            assertKinds(FindingKind.CIRCULAR_DEPENDENCY, FindingKind.CIRCULAR_DEPENDENCY);
        }
    }
}
