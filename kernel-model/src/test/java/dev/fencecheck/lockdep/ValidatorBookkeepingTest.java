package dev.fencecheck.lockdep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What the validator remembers between operations, seen from outside: which mistakes were
 * already reported, where one operation ends, what a cached chain stands for, and where
 * marking and validation stop after a report (as lockdep.c's early returns do).
 */
@DisplayName("validator bookkeeping")
class ValidatorBookkeepingTest {

    private final List<Finding> findings = new ArrayList<>();
    private final LockValidator v = new LockValidator(ValidatorOptions.defaults(), findings::add);
    private int line;

    private Site site(String op) {
        return new Site("bookkeeping.scenario", ++line, op);
    }

    private Lock lock(String name) {
        return v.newLock(name, v.newClass(name), false, false);
    }

    private LockThread task(String name) {
        return v.newThread(name, ExecContext.TASK);
    }

    private void lock(LockThread t, Lock l) {
        v.acquire(t, l, ReadMode.WRITE, false, null, site("lock " + l.name()));
    }

    private void trylock(LockThread t, Lock l) {
        v.acquire(t, l, ReadMode.WRITE, true, null, site("trylock " + l.name()));
    }

    private void unlock(LockThread t, Lock l) {
        v.release(t, l, site("unlock " + l.name()));
    }

    private void order(LockThread t, Lock first, Lock second) {
        lock(t, first);
        lock(t, second);
        unlock(t, second);
        unlock(t, first);
    }

    private List<String> messages() {
        return findings.stream().map(f -> f.kind().id() + ": " + f.message().replaceAll(" \\(thread.*", ""))
                .collect(Collectors.toList());
    }

    private static final int HARDIRQ_ON_W = UsageBits.flag(UsageBits.enabled(UsageBits.HARDIRQ, false));
    private static final int SOFTIRQ_ON_W = UsageBits.flag(UsageBits.enabled(UsageBits.SOFTIRQ, false));
    private static final int IN_HARDIRQ_W = UsageBits.flag(UsageBits.usedIn(UsageBits.HARDIRQ, false));

    @Nested
    @DisplayName("one mistake, one finding")
    class Deduplication {

        @Test
        @DisplayName("two cycles closed towards the same lock from different locks are two findings")
        void cyclesWithTheSameNextLockAreDistinct() {
            Lock a = lock("A");
            Lock c = lock("C");
            Lock d = lock("D");
            LockThread t1 = task("t1");
            order(t1, a, c);
            order(t1, a, d);
            LockThread t2 = task("t2");
            order(t2, c, a);
            order(t2, d, a);
            assertEquals(List.of("circular-dependency: C -> A -> C", "circular-dependency: D -> A -> D"), messages());
        }

        @Test
        @DisplayName("two cycles closed from the same lock towards different locks are two findings")
        void cyclesWithTheSamePrevLockAreDistinct() {
            Lock a = lock("A");
            Lock b = lock("B");
            Lock c = lock("C");
            LockThread t1 = task("t1");
            order(t1, b, a);
            order(t1, c, a);
            LockThread t2 = task("t2");
            order(t2, a, b);
            order(t2, a, c);
            assertEquals(List.of("circular-dependency: A -> B -> A", "circular-dependency: A -> C -> A"), messages());
        }

        @Test
        @DisplayName("an irq-unsafe order and a later cycle on the same pair of locks are two findings")
        void differentKindsOnOnePairAreDistinct() {
            Lock a = lock("A");
            Lock b = lock("B");
            LockThread irq = v.newThread("irq", ExecContext.HARDIRQ);
            lock(irq, a);
            unlock(irq, a);
            LockThread t = task("t");
            lock(t, b);                  // B is hardirq-unsafe
            unlock(t, b);
            v.hardirqsOff(t);
            order(t, a, b);              // A -> B: hardirq-safe -> unsafe, refused
            order(t, b, a);              // B -> A is recorded: A -> B was not
            order(t, a, b);              // now A -> B closes a cycle
            assertEquals(List.of("irq-unsafe: HARDIRQ-safe A -> HARDIRQ-unsafe B through new dependency A -> B",
                    "circular-dependency: A -> B -> A"), messages());
        }
    }

    @Nested
    @DisplayName("operations")
    class Operations {

        @Test
        @DisplayName("after a compound operation ends, the next operation reports again; nesting counts")
        void compoundOperationsNest() {
            Lock a = lock("A");
            Lock b = lock("B");
            Lock c = lock("C");
            Lock d = lock("D");
            LockThread t = task("t");
            v.beginOperation(t);
            v.beginOperation(t);
            unlock(t, a);                // bad unlock: reported
            v.endOperation(t);
            unlock(t, b);                // still inside the outer operation: silent
            v.endOperation(t);
            unlock(t, c);                // a simple operation of its own
            v.beginOperation(t);
            unlock(t, d);                // a new compound operation reports again
            v.endOperation(t);
            assertEquals(List.of("bad-unlock: thread t releases A, which it does not hold",
                    "bad-unlock: thread t releases C, which it does not hold",
                    "bad-unlock: thread t releases D, which it does not hold"), messages());
        }

        @Test
        @DisplayName("two acquisitions in a row are two operations: each reports its own mistake")
        void consecutiveAcquisitionsReportSeparately() {
            Lock a = lock("A");
            Lock b = lock("B");
            LockClass x = v.newClass("X");
            Lock x1 = v.newLock("x1", x, false, false);
            Lock x2 = v.newLock("x2", x, false, false);
            order(task("t1"), a, b);
            LockThread t2 = task("t2");
            lock(t2, x1);
            lock(t2, b);
            lock(t2, a);                 // cycle
            lock(t2, x2);                // recursion, the very next operation
            assertEquals(List.of("circular-dependency: B -> A -> B",
                    "recursive-locking: x2 acquired while x1 of the same class is held"), messages());
        }

        @Test
        @DisplayName("irq enable and bh enable are operations of their own")
        void irqAndBhEnableReportSeparately() {
            Lock a = lock("A");
            Lock s = lock("S");
            LockThread irq = v.newThread("irq", ExecContext.HARDIRQ);
            LockThread softirq = v.newThread("softirq", ExecContext.SOFTIRQ);
            lock(irq, a);
            unlock(irq, a);
            lock(softirq, s);
            unlock(softirq, s);
            LockThread t = task("t");
            v.hardirqsOff(t);
            v.softirqsOff(t);
            lock(t, a);
            unlock(t, s);                // bad unlock
            v.hardirqsOn(t, site("irq_enable"));   // A: IN-HARDIRQ-W and now HARDIRQ-ON-W
            unlock(t, a);
            lock(t, s);
            v.softirqsOn(t, site("bh_enable"));    // S: IN-SOFTIRQ-W and now SOFTIRQ-ON-W
            assertEquals(List.of("bad-unlock: thread t releases S, which it does not hold",
                    "irq-unsafe: A is used in both IN-HARDIRQ-W and HARDIRQ-ON-W ways",
                    "irq-unsafe: S is used in both IN-SOFTIRQ-W and SOFTIRQ-ON-W ways"), messages());
        }
    }

    @Nested
    @DisplayName("what a cached chain stands for")
    class ChainKeys {

        @Test
        @DisplayName("a lock pushed unvalidated (its nest lock not held) and the same lock validated are different chains")
        void uncheckedEntryIsAnotherChain() {
            Lock ctx = lock("ctx");
            Lock a = lock("A");
            Lock b = lock("B");
            LockThread t = task("t");
            v.hardirqsOff(t);            // no usage bits: the cache is never dropped
            v.acquire(t, a, ReadMode.WRITE, false, ctx, site("ww_lock A ctx"));  // pushed, not validated
            lock(t, b);                  // [A unchecked, B]: no dependency from A
            unlock(t, b);
            unlock(t, a);
            assertFalse(v.dependsOn(a.lockClass(), b.lockClass()));
            order(t, a, b);              // [A, B]: validated
            assertTrue(v.dependsOn(a.lockClass(), b.lockClass()));
            assertEquals(List.of("ww-context-misuse: A locked under acquire context ctx, which is not held"), messages());
        }

        @Test
        @DisplayName("a trylock in the middle and a lock in the middle are different chains")
        void trylockEntryIsAnotherChain() {
            Lock a = lock("A");
            Lock b = lock("B");
            Lock c = lock("C");
            LockThread t = task("t");
            v.hardirqsOff(t);
            lock(t, a);
            lock(t, b);
            lock(t, c);                  // [A, B, C]: B -> C only
            unlock(t, c);
            unlock(t, b);
            assertFalse(v.dependsOn(a.lockClass(), c.lockClass()));
            trylock(t, b);
            lock(t, c);                  // [A, B(try), C]: B -> C and, past the trylock, A -> C
            assertTrue(v.dependsOn(a.lockClass(), c.lockClass()));
        }

        @Test
        @DisplayName("a lock taken under its nest lock and without it are different chains")
        void nestedEntryIsAnotherChain() {
            Lock ctx = lock("ctx");
            Lock y = lock("Y");
            LockClass ww = v.newClass("ww");
            Lock r1 = v.newLock("r1", ww, false, true);
            Lock r2 = v.newLock("r2", ww, false, true);
            LockThread t = task("t");
            v.hardirqsOff(t);
            for (Lock nest : new Lock[] {ctx, null}) {
                lock(t, ctx);
                v.acquire(t, r1, ReadMode.WRITE, false, ctx, site("ww_lock r1"));
                lock(t, y);
                v.acquire(t, r2, ReadMode.WRITE, false, nest, site("lock r2"));  // same class as r1
                unlock(t, r2);
                unlock(t, y);
                unlock(t, r1);
                unlock(t, ctx);
            }
            assertEquals(List.of("recursive-locking: r2 acquired while r1 of the same class is held"), messages());
        }
    }

    @Nested
    @DisplayName("where lockdep.c stops after a report")
    class EarlyReturns {

        @Test
        @DisplayName("a refused dependency from a trylock ends the walk: the lock below it gets none either")
        void refusedTrylockDependencyStopsCheckPrevsAdd() {
            Lock a = lock("A");
            Lock tr = lock("T");
            Lock n = lock("N");
            LockThread t = task("t");
            order(t, n, tr);             // N -> T
            lock(t, a);
            trylock(t, tr);
            lock(t, n);                  // T -> N closes a cycle: refused, and A -> N is not checked
            assertEquals(List.of("circular-dependency: T -> N -> T"), messages());
            assertFalse(v.dependsOn(a.lockClass(), n.lockClass()));
            assertFalse(v.dependsOn(tr.lockClass(), n.lockClass()));
        }

        @Test
        @DisplayName("irq enable stops marking held locks at the first report, and skips the softirq state")
        void markingStopsAtTheFirstReport() {
            Lock a = lock("A");
            Lock b = lock("B");
            LockThread irq = v.newThread("irq", ExecContext.HARDIRQ);
            lock(irq, a);
            unlock(irq, a);
            LockThread t = task("t");
            v.hardirqsOff(t);
            lock(t, a);
            lock(t, b);
            v.hardirqsOn(t, site("irq_enable"));
            assertEquals(1, findings.size());
            assertEquals(IN_HARDIRQ_W | HARDIRQ_ON_W, a.lockClass().usageMask(), "A is marked, and reported");
            assertEquals(0, b.lockClass().usageMask(), "B, above it, is not marked");
        }

        @Test
        @DisplayName("irq enable after an inversion report stops marking too")
        void markingStopsAtAnInversionReport() {
            Lock a = lock("A");
            Lock b = lock("B");
            Lock c = lock("C");
            LockThread irq = v.newThread("irq", ExecContext.HARDIRQ);
            LockThread t = task("t");
            v.hardirqsOff(t);
            order(t, b, a);              // B -> A
            lock(irq, b);                // B is hardirq-safe
            unlock(irq, b);
            lock(t, a);
            lock(t, c);
            v.hardirqsOn(t, site("irq_enable"));  // A becomes hardirq-unsafe below B: inversion
            assertEquals(List.of("irq-unsafe: irq lock inversion: B is irq-safe and reaches irq-unsafe A"), messages());
            assertEquals(0, c.lockClass().usageMask());
            assertEquals(HARDIRQ_ON_W, a.lockClass().usageMask());
        }

        @Test
        @DisplayName("without a report, irq enable marks every held lock hardirq- and softirq-enabled")
        void markingWithoutReports() {
            Lock a = lock("A");
            Lock b = lock("B");
            LockThread t = task("t");
            v.hardirqsOff(t);
            lock(t, a);
            lock(t, b);
            v.hardirqsOn(t, site("irq_enable"));
            assertEquals(HARDIRQ_ON_W | SOFTIRQ_ON_W, a.lockClass().usageMask());
            assertEquals(HARDIRQ_ON_W | SOFTIRQ_ON_W, b.lockClass().usageMask());
            assertTrue(findings.isEmpty());
        }

        @Test
        @DisplayName("a new usage bit drops the chain cache: the second unsafe dependency is reported when next taken")
        void newUsageBitRevalidatesCachedChains() {
            Lock a = lock("A");
            Lock b = lock("B");
            Lock c = lock("C");
            LockThread t = task("t");
            lock(t, b);                  // B and C: hardirq-unsafe
            unlock(t, b);
            lock(t, c);
            unlock(t, c);
            v.hardirqsOff(t);
            order(t, a, b);              // cached chains [A], [A, B], [A, C]
            order(t, a, c);
            assertTrue(findings.isEmpty());
            LockThread irq = v.newThread("irq", ExecContext.HARDIRQ);
            lock(irq, a);                // A becomes hardirq-safe: one inversion reported (A -> B)
            unlock(irq, a);
            order(t, a, c);              // [A, C] again: validated again, A -> C is reported
            assertEquals(List.of("irq-unsafe: irq lock inversion: A is irq-safe and reaches irq-unsafe B",
                    "irq-unsafe: HARDIRQ-safe A -> HARDIRQ-unsafe C through new dependency A -> C"), messages());
        }

        @Test
        @DisplayName("an irq-unsafe order through other locks names the whole chain, safe lock to unsafe lock")
        void badIrqDependencyThroughPaths() {
            Lock s = lock("S");
            Lock x = lock("X");
            Lock y = lock("Y");
            Lock u = lock("U");
            LockThread irq = v.newThread("irq", ExecContext.HARDIRQ);
            LockThread t = task("t");
            lock(t, u);                  // U: hardirq-unsafe
            unlock(t, u);
            lock(irq, s);                // S: hardirq-safe
            unlock(irq, s);
            v.hardirqsOff(t);
            order(t, s, x);              // S -> X
            order(t, y, u);              // Y -> U
            order(t, x, y);              // X -> Y connects them
            assertEquals(List.of("irq-unsafe: HARDIRQ-safe S -> HARDIRQ-unsafe U through new dependency X -> Y"),
                    messages());
            assertEquals(List.of("S -> X", "X -> Y", "Y -> U"), findings.get(0).chain().stream()
                    .map(d -> d.prev().name() + " -> " + d.next().name()).toList());
            assertFalse(v.dependsOn(x.lockClass(), y.lockClass()));
        }

        @Test
        @DisplayName("might_sleep says whether sleeping is allowed")
        void mightSleepAnswers() {
            LockThread t = task("t");
            assertTrue(v.mightSleep(t, site("might_sleep")));
            v.softirqsOff(t);
            assertFalse(v.mightSleep(t, site("might_sleep")));
            v.softirqsOn(t, site("bh_enable"));
            assertTrue(v.mightSleep(t, site("might_sleep")));
            assertEquals(1, findings.size());
        }
    }
}
