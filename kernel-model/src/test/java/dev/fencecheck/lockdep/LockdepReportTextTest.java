package dev.fencecheck.lockdep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The lockdep-style reports, word for word: what a person reads to fix the mistake. Each report
 * follows the kernel's splat for the same check (print_circular_bug(), print_deadlock_bug(),
 * print_usage_bug(), print_irq_inversion_bug(), print_bad_irq_dependency(),
 * print_unlock_imbalance_bug(), ___might_sleep(), print_lock_nested_lock_not_held()), with
 * scenario lines where the kernel prints stack traces. Also pinned: each finding's label,
 * thread, site, one-line message and the scenario lines it involves.
 */
@DisplayName("lockdep report text")
class LockdepReportTextTest {

    private final List<Finding> findings = new ArrayList<>();
    private final LockValidator v = new LockValidator(ValidatorOptions.defaults(), findings::add);
    private int line;

    private Site site(String op) {
        return new Site("report.scenario", ++line, op);
    }

    private Lock lock(String name, boolean spinning) {
        return v.newLock(name, v.newClass(name), spinning, false);
    }

    private LockThread task(String name) {
        return v.newThread(name, ExecContext.TASK);
    }

    private void lock(LockThread t, Lock l) {
        v.acquire(t, l, ReadMode.WRITE, false, null, site("lock " + l.name()));
    }

    private void read(LockThread t, Lock l) {
        v.acquire(t, l, ReadMode.READ, false, null, site("read " + l.name()));
    }

    private void unlock(LockThread t, Lock l) {
        v.release(t, l, site("unlock " + l.name()));
    }

    private static void assertFinding(Finding f, String label, String thread, String site, List<Integer> lines,
                                      String message, String report) {
        assertEquals(report, String.join("\n", f.report()) + "\n", "report of " + f.label());
        assertEquals(message, f.message());
        assertEquals(label, f.label());
        assertEquals(thread, f.thread());
        assertEquals(site, f.site().describe());
        assertEquals(lines, List.copyOf(f.lines()));
    }

    @Test
    @DisplayName("circular dependency: both sides of a three-lock cycle, each link where it was recorded")
    void circularDependencyOfThreeLocksAcrossTwoThreads() {
        Lock a = lock("A", false);
        Lock b = lock("B", false);
        Lock c = lock("C", false);
        LockThread submit = task("submit");
        LockThread reclaimer = task("reclaimer");
        lock(submit, a);
        read(submit, b);
        unlock(submit, b);
        unlock(submit, a);
        lock(submit, b);
        lock(submit, c);
        unlock(submit, c);
        unlock(submit, b);
        lock(reclaimer, c);
        lock(reclaimer, a);
        assertEquals(1, findings.size());
        assertFinding(findings.get(0), "circular-dependency", "reclaimer", "line 10: lock A", List.of(1, 2, 5, 6, 9, 10),
                "C -> A -> B -> C (thread reclaimer, line 10: lock A)",
                """
                WARNING: possible circular locking dependency detected
                thread reclaimer is trying to acquire lock:
                  A, at line 10: lock A

                but thread is already holding lock:
                  C, at line 9: lock C

                which lock already depends on the new lock.

                the existing dependency chain (in reverse order) is:

                -> #2 (C):
                       thread submit: holding B (line 5: lock B) took C (line 6: lock C)

                -> #1 (B):
                       thread submit: holding A (line 1: lock A) took B [read] (line 2: read B)

                -> #0 (A):
                       thread reclaimer: holding C (line 9: lock C) took A (line 10: lock A)

                other info that might help us debug this:

                Chain exists of:
                  A --> B --> C

                 Possible unsafe locking scenario:

                       reclaimer               submit
                       ---------               ------
                  lock(C);
                                               lock(B);
                                               lock(C);
                  lock(A);

                 *** DEADLOCK ***

                1 lock held by reclaimer:
                  #0: C, at line 9: lock C
                """);
    }

    @Test
    @DisplayName("circular dependency: AB-BA between two threads, the other thread in the right column")
    void abbaBetweenTwoThreads() {
        Lock a = lock("A", false);
        Lock b = lock("B", false);
        LockThread t1 = task("t1");
        LockThread t2 = task("t2");
        lock(t1, a);
        lock(t1, b);
        unlock(t1, b);
        unlock(t1, a);
        lock(t2, b);
        lock(t2, a);
        assertEquals(1, findings.size());
        assertFinding(findings.get(0), "circular-dependency", "t2", "line 6: lock A", List.of(1, 2, 5, 6),
                "B -> A -> B (thread t2, line 6: lock A)",
                """
                WARNING: possible circular locking dependency detected
                thread t2 is trying to acquire lock:
                  A, at line 6: lock A

                but thread is already holding lock:
                  B, at line 5: lock B

                which lock already depends on the new lock.

                the existing dependency chain (in reverse order) is:

                -> #1 (B):
                       thread t1: holding A (line 1: lock A) took B (line 2: lock B)

                -> #0 (A):
                       thread t2: holding B (line 5: lock B) took A (line 6: lock A)

                other info that might help us debug this:

                 Possible unsafe locking scenario:

                       t2                      t1
                       --                      --
                  lock(B);
                                               lock(A);
                                               lock(B);
                  lock(A);

                 *** DEADLOCK ***

                1 lock held by t2:
                  #0: B, at line 5: lock B
                """);
    }

    @Test
    @DisplayName("circular dependency: AB-BA in one thread names it twice, the second time '(again)'")
    void abbaInOneThread() {
        Lock a = lock("A", false);
        Lock b = lock("B", false);
        LockThread t1 = task("t1");
        lock(t1, a);
        lock(t1, b);
        unlock(t1, b);
        unlock(t1, a);
        lock(t1, b);
        lock(t1, a);
        assertEquals(1, findings.size());
        assertFinding(findings.get(0), "circular-dependency", "t1", "line 6: lock A", List.of(1, 2, 5, 6),
                "B -> A -> B (thread t1, line 6: lock A)",
                """
                WARNING: possible circular locking dependency detected
                thread t1 is trying to acquire lock:
                  A, at line 6: lock A

                but thread is already holding lock:
                  B, at line 5: lock B

                which lock already depends on the new lock.

                the existing dependency chain (in reverse order) is:

                -> #1 (B):
                       thread t1: holding A (line 1: lock A) took B (line 2: lock B)

                -> #0 (A):
                       thread t1: holding B (line 5: lock B) took A (line 6: lock A)

                other info that might help us debug this:

                 Possible unsafe locking scenario:

                       t1                      t1 (again)
                       --                      ----------
                  lock(B);
                                               lock(A);
                                               lock(B);
                  lock(A);

                 *** DEADLOCK ***

                1 lock held by t1:
                  #0: B, at line 5: lock B
                """);
    }

    @Test
    @DisplayName("circular dependency: the scenario's columns widen for a long thread name")
    void longThreadNamesWidenTheScenarioColumns() {
        Lock map = lock("dma_fence_map", false);
        Lock reclaim = lock("fs_reclaim", false);
        LockThread worker = task("kworker/u8:2-events_unbound");
        LockThread kswapd = task("kswapd0");
        lock(kswapd, map);
        lock(kswapd, reclaim);
        unlock(kswapd, reclaim);
        unlock(kswapd, map);
        lock(worker, reclaim);
        lock(worker, map);
        assertEquals(1, findings.size());
        assertFinding(findings.get(0), "circular-dependency", "kworker/u8:2-events_unbound", "line 6: lock dma_fence_map", List.of(1, 2, 5, 6),
                "fs_reclaim -> dma_fence_map -> fs_reclaim (thread kworker/u8:2-events_unbound, line 6: lock dma_fence_map)",
                """
                WARNING: possible circular locking dependency detected
                thread kworker/u8:2-events_unbound is trying to acquire lock:
                  dma_fence_map, at line 6: lock dma_fence_map

                but thread is already holding lock:
                  fs_reclaim, at line 5: lock fs_reclaim

                which lock already depends on the new lock.

                the existing dependency chain (in reverse order) is:

                -> #1 (fs_reclaim):
                       thread kswapd0: holding dma_fence_map (line 1: lock dma_fence_map) took fs_reclaim (line 2: lock fs_reclaim)

                -> #0 (dma_fence_map):
                       thread kworker/u8:2-events_unbound: holding fs_reclaim (line 5: lock fs_reclaim) took dma_fence_map (line 6: lock dma_fence_map)

                other info that might help us debug this:

                 Possible unsafe locking scenario:

                       kworker/u8:2-events_unbound        kswapd0
                       ---------------------------        -------
                  lock(fs_reclaim);
                                                          lock(dma_fence_map);
                                                          lock(fs_reclaim);
                  lock(dma_fence_map);

                 *** DEADLOCK ***

                1 lock held by kworker/u8:2-events_unbound:
                  #0: fs_reclaim, at line 5: lock fs_reclaim
                """);
    }

    @Test
    @DisplayName("recursive locking: two instances of one class, the held one for reading")
    void recursiveLocking() {
        LockClass x = v.newClass("X");
        Lock x1 = v.newLock("x1", x, false, false);
        Lock x2 = v.newLock("x2", x, false, false);
        LockThread t = task("t");
        read(t, x1);
        lock(t, x2);
        assertEquals(1, findings.size());
        assertFinding(findings.get(0), "recursive-locking", "t", "line 2: lock x2", List.of(1, 2),
                "x2 acquired while x1 of the same class is held (thread t, line 2: lock x2)",
                """
                WARNING: possible recursive locking detected
                thread t is trying to acquire lock:
                  x2, at line 2: lock x2

                but thread is already holding lock:
                  x1 (read), at line 1: read x1

                other info that might help us debug this:
                 Possible unsafe locking scenario:

                       t
                       ----
                  lock(X);
                  lock(X);

                 *** DEADLOCK ***

                 May be due to missing lock nesting notation

                1 lock held by t:
                  #0: x1 (read), at line 1: read x1
                """);
    }

    @Test
    @DisplayName("bad unlock with nothing held, with something else held, and locks held at exit")
    void badUnlocksAndLockHeldAtExit() {
        Lock a = lock("A", true);
        Lock b = lock("B", false);
        LockThread t = task("t");
        unlock(t, a);
        lock(t, b);
        unlock(t, a);
        v.threadExit(t, site("exit"));
        assertEquals(3, findings.size());
        assertFinding(findings.get(0), "bad-unlock", "t", "line 1: unlock A", List.of(1),
                "thread t releases A, which it does not hold",
                """
                WARNING: bad unlock balance detected!
                thread t is trying to release lock (A) at line 1: unlock A
                but there are no more locks to release!

                no locks held by t.
                """);
        assertFinding(findings.get(1), "bad-unlock", "t", "line 3: unlock A", List.of(2, 3),
                "thread t releases A, which it does not hold",
                """
                WARNING: bad unlock balance detected!
                thread t is trying to release lock (A) at line 3: unlock A
                but it does not hold that lock!

                1 lock held by t:
                  #0: B, at line 2: lock B
                """);
        assertFinding(findings.get(2), "lock-held-at-exit", "t", "line 4: exit", List.of(2, 4),
                "thread t ends holding B",
                """
                WARNING: lock held when returning to user space!
                thread t is leaving the kernel with locks still held!

                1 lock held by t:
                  #0: B, at line 2: lock B
                """);
    }

    @Test
    @DisplayName("sleep in atomic context: under a spinlock, irqs off, in a softirq, in a hardirq")
    void sleepInAtomicContext() {
        Lock a = lock("A", true);
        LockThread t = task("t");
        lock(t, a);
        assertFalse(v.mightSleep(t, site("might_sleep")));
        unlock(t, a);
        v.hardirqsOff(t);
        assertFalse(v.mightSleep(t, site("might_sleep")));
        assertFalse(v.mightSleep(v.newThread("s", ExecContext.SOFTIRQ), site("might_sleep")));
        assertFalse(v.mightSleep(v.newThread("h", ExecContext.HARDIRQ), site("might_sleep")));
        assertEquals(4, findings.size());
        assertFinding(findings.get(0), "sleep-in-atomic", "t", "line 2: might_sleep", List.of(1, 2),
                "thread t may sleep in atomic context at line 2: might_sleep",
                """
                BUG: sleeping function called from invalid context at line 2: might_sleep
                in_atomic(): 1, irqs_disabled(): 0, thread: t (task)

                1 lock held by t:
                  #0: A, at line 1: lock A
                """);
        assertFinding(findings.get(1), "sleep-in-atomic", "t", "line 4: might_sleep", List.of(4),
                "thread t may sleep in atomic context at line 4: might_sleep",
                """
                BUG: sleeping function called from invalid context at line 4: might_sleep
                in_atomic(): 0, irqs_disabled(): 1, thread: t (task)

                no locks held by t.
                """);
        assertFinding(findings.get(2), "sleep-in-atomic", "s", "line 5: might_sleep", List.of(5),
                "thread s may sleep in atomic context at line 5: might_sleep",
                """
                BUG: sleeping function called from invalid context at line 5: might_sleep
                in_atomic(): 1, irqs_disabled(): 0, thread: s (softirq)

                no locks held by s.
                """);
        assertFinding(findings.get(3), "sleep-in-atomic", "h", "line 6: might_sleep", List.of(6),
                "thread h may sleep in atomic context at line 6: might_sleep",
                """
                BUG: sleeping function called from invalid context at line 6: might_sleep
                in_atomic(): 1, irqs_disabled(): 1, thread: h (hardirq)

                no locks held by h.
                """);
    }

    @Test
    @DisplayName("inconsistent lock state: taken in a hardirq, then with irqs enabled")
    void inconsistentLockStateOnAcquire() {
        Lock a = lock("A", true);
        LockThread irq = v.newThread("irq", ExecContext.HARDIRQ);
        LockThread t = task("t");
        lock(irq, a);
        unlock(irq, a);
        lock(t, a);
        assertEquals(1, findings.size());
        assertFinding(findings.get(0), "irq-unsafe", "t", "line 3: lock A", List.of(1, 3),
                "A is used in both IN-HARDIRQ-W and HARDIRQ-ON-W ways",
                """
                WARNING: inconsistent lock state
                inconsistent {IN-HARDIRQ-W} -> {HARDIRQ-ON-W} usage.
                thread t (task) takes:
                  A, at line 3: lock A
                {IN-HARDIRQ-W} state was registered at:
                  thread irq, line 1: lock A

                other info that might help us debug this:
                 Possible unsafe locking scenario:

                       CPU0
                       ----
                  lock(A);
                  <Interrupt>
                    lock(A);

                 *** DEADLOCK ***

                1 lock held by t:
                  #0: A, at line 3: lock A
                """);
    }

    @Test
    @DisplayName("inconsistent lock state: irqs enabled while a hardirq-safe lock is held")
    void inconsistentLockStateOnIrqEnable() {
        Lock a = lock("A", true);
        LockThread irq = v.newThread("irq", ExecContext.HARDIRQ);
        LockThread t2 = task("t2");
        lock(irq, a);
        unlock(irq, a);
        v.hardirqsOff(t2);
        lock(t2, a);
        v.hardirqsOn(t2, site("irq_enable"));
        assertEquals(1, findings.size());
        assertFinding(findings.get(0), "irq-unsafe", "t2", "line 4: irq_enable", List.of(1, 3, 4),
                "A is used in both IN-HARDIRQ-W and HARDIRQ-ON-W ways",
                """
                WARNING: inconsistent lock state
                inconsistent {IN-HARDIRQ-W} -> {HARDIRQ-ON-W} usage.
                thread t2 (task), at line 4: irq_enable, holds:
                  A, at line 3: lock A
                {IN-HARDIRQ-W} state was registered at:
                  thread irq, line 1: lock A

                other info that might help us debug this:
                 Possible unsafe locking scenario:

                       CPU0
                       ----
                  lock(A);
                  <Interrupt>
                    lock(A);

                 *** DEADLOCK ***

                1 lock held by t2:
                  #0: A, at line 3: lock A
                """);
    }

    @Test
    @DisplayName("hardirq-safe -> hardirq-unsafe: a new dependency from a lock used in a hardirq")
    void hardirqSafeToUnsafe() {
        Lock a = lock("A", true);
        Lock b = lock("B", true);
        LockThread irq = v.newThread("irq", ExecContext.HARDIRQ);
        LockThread t = task("t");
        lock(irq, a);
        unlock(irq, a);
        lock(t, b);
        unlock(t, b);
        v.hardirqsOff(t);
        lock(t, a);
        lock(t, b);
        assertEquals(1, findings.size());
        assertFinding(findings.get(0), "irq-unsafe", "t", "line 6: lock B", List.of(1, 3, 5, 6),
                "HARDIRQ-safe A -> HARDIRQ-unsafe B through new dependency A -> B",
                """
                WARNING: HARDIRQ-safe -> HARDIRQ-unsafe lock order detected
                thread t is trying to acquire:
                  B, at line 6: lock B
                and this thread is already holding:
                  A, at line 5: lock A
                which would create a new lock dependency:
                  A -> B

                but this new dependency connects a HARDIRQ-irq-safe lock:
                  A, which became HARDIRQ-irq-safe at: thread irq, line 1: lock A
                to a HARDIRQ-irq-unsafe lock:
                  B, which became HARDIRQ-irq-unsafe at: thread t, line 3: lock B

                the dependency chain:
                  thread t: holding A (line 5: lock A) took B (line 6: lock B)

                 Possible interrupt unsafe locking scenario:

                       CPU0                    CPU1
                       ----                    ----
                  lock(B);
                                               local_irq_disable();
                                               lock(A);
                                               lock(B);
                  <Interrupt>
                    lock(A);

                 *** DEADLOCK ***

                2 locks held by t:
                  #0: A, at line 5: lock A
                  #1: B, at line 6: lock B
                """);
    }

    @Test
    @DisplayName("softirq-safe -> softirq-unsafe: the softirq state is named and traced")
    void softirqSafeToUnsafe() {
        Lock a = lock("A", true);
        Lock b = lock("B", true);
        LockThread netRx = v.newThread("net_rx", ExecContext.SOFTIRQ);
        LockThread t = task("t");
        lock(netRx, a);
        unlock(netRx, a);
        lock(t, b);
        unlock(t, b);
        v.softirqsOff(t);
        lock(t, a);
        lock(t, b);
        assertEquals(1, findings.size());
        assertFinding(findings.get(0), "irq-unsafe", "t", "line 6: lock B", List.of(1, 3, 5, 6),
                "SOFTIRQ-safe A -> SOFTIRQ-unsafe B through new dependency A -> B",
                """
                WARNING: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected
                thread t is trying to acquire:
                  B, at line 6: lock B
                and this thread is already holding:
                  A, at line 5: lock A
                which would create a new lock dependency:
                  A -> B

                but this new dependency connects a SOFTIRQ-irq-safe lock:
                  A, which became SOFTIRQ-irq-safe at: thread net_rx, line 1: lock A
                to a SOFTIRQ-irq-unsafe lock:
                  B, which became SOFTIRQ-irq-unsafe at: thread t, line 3: lock B

                the dependency chain:
                  thread t: holding A (line 5: lock A) took B (line 6: lock B)

                 Possible interrupt unsafe locking scenario:

                       CPU0                    CPU1
                       ----                    ----
                  lock(B);
                                               local_irq_disable();
                                               lock(A);
                                               lock(B);
                  <Interrupt>
                    lock(A);

                 *** DEADLOCK ***

                2 locks held by t:
                  #0: A, at line 5: lock A
                  #1: B, at line 6: lock B
                """);
    }

    @Test
    @DisplayName("hardirq-safe -> hardirq-unsafe: the unsafe lock was only ever read with irqs on")
    void hardirqSafeToReadUnsafe() {
        Lock a = lock("A", true);
        Lock b = lock("B", true);
        LockThread irq = v.newThread("irq", ExecContext.HARDIRQ);
        LockThread t = task("t");
        lock(irq, a);
        unlock(irq, a);
        read(t, b);
        unlock(t, b);
        v.hardirqsOff(t);
        lock(t, a);
        read(t, b);
        assertEquals(1, findings.size());
        assertFinding(findings.get(0), "irq-unsafe", "t", "line 6: read B", List.of(1, 3, 5, 6),
                "HARDIRQ-safe A -> HARDIRQ-unsafe B through new dependency A -> B",
                """
                WARNING: HARDIRQ-safe -> HARDIRQ-unsafe lock order detected
                thread t is trying to acquire:
                  B (read), at line 6: read B
                and this thread is already holding:
                  A, at line 5: lock A
                which would create a new lock dependency:
                  A -> B

                but this new dependency connects a HARDIRQ-irq-safe lock:
                  A, which became HARDIRQ-irq-safe at: thread irq, line 1: lock A
                to a HARDIRQ-irq-unsafe lock:
                  B, which became HARDIRQ-irq-unsafe at: thread t, line 3: read B

                the dependency chain:
                  thread t: holding A (line 5: lock A) took B [read] (line 6: read B)

                 Possible interrupt unsafe locking scenario:

                       CPU0                    CPU1
                       ----                    ----
                  lock(B);
                                               local_irq_disable();
                                               lock(A);
                                               lock(B);
                  <Interrupt>
                    lock(A);

                 *** DEADLOCK ***

                2 locks held by t:
                  #0: A, at line 5: lock A
                  #1: B (read), at line 6: read B
                """);
    }

    @Test
    @DisplayName("irq lock inversion: a lock becomes hardirq-safe while it already reaches an unsafe one")
    void inversionForwards() {
        Lock a = lock("A", true);
        Lock b = lock("B", true);
        LockThread irq = v.newThread("irq", ExecContext.HARDIRQ);
        LockThread t = task("t");
        v.hardirqsOff(t);
        lock(t, a);
        lock(t, b);
        unlock(t, b);
        unlock(t, a);
        v.hardirqsOn(t, site("irq_enable"));
        lock(t, b);
        unlock(t, b);
        lock(irq, a);
        assertEquals(1, findings.size());
        assertFinding(findings.get(0), "irq-unsafe", "irq", "line 8: lock A", List.of(1, 2, 6, 8),
                "irq lock inversion: A is irq-safe and reaches irq-unsafe B",
                """
                WARNING: possible irq lock inversion dependency detected
                thread irq (hardirq) just changed the state of lock:
                  A, at line 8: lock A {IN-HARDIRQ-W}
                but this lock took another, HARDIRQ-unsafe lock in the past:
                  B

                the dependencies between them:
                  thread t: holding A (line 1: lock A) took B (line 2: lock B)

                 Possible interrupt unsafe locking scenario:

                       CPU0                    CPU1
                       ----                    ----
                  lock(B);
                                               local_irq_disable();
                                               lock(A);
                                               lock(B);
                  <Interrupt>
                    lock(A);

                 *** DEADLOCK ***

                1 lock held by irq:
                  #0: A, at line 8: lock A
                """);
    }

    @Test
    @DisplayName("irq lock inversion: a lock becomes hardirq-unsafe while a safe one already reaches it")
    void inversionBackwards() {
        Lock a = lock("A", true);
        Lock b = lock("B", true);
        LockThread irq = v.newThread("irq", ExecContext.HARDIRQ);
        LockThread t = task("t");
        lock(irq, a);
        unlock(irq, a);
        v.hardirqsOff(t);
        lock(t, a);
        lock(t, b);
        unlock(t, b);
        unlock(t, a);
        v.hardirqsOn(t, site("irq_enable"));
        lock(t, b);
        assertEquals(1, findings.size());
        assertFinding(findings.get(0), "irq-unsafe", "t", "line 8: lock B", List.of(1, 3, 4, 8),
                "irq lock inversion: A is irq-safe and reaches irq-unsafe B",
                """
                WARNING: possible irq lock inversion dependency detected
                thread t (task) just changed the state of lock:
                  B, at line 8: lock B {HARDIRQ-ON-W}
                but this lock was taken by another, HARDIRQ-safe lock in the past:
                  A

                the dependencies between them:
                  thread t: holding A (line 3: lock A) took B (line 4: lock B)

                 Possible interrupt unsafe locking scenario:

                       CPU0                    CPU1
                       ----                    ----
                  lock(B);
                                               local_irq_disable();
                                               lock(A);
                                               lock(B);
                  <Interrupt>
                    lock(A);

                 *** DEADLOCK ***

                1 lock held by t:
                  #0: B, at line 8: lock B
                """);
    }

    @Test
    @DisplayName("ww context misuse: a ww_lock under an acquire context that is not held")
    void wwLockWithoutItsContext() {
        LockClass ww = v.newClass("reservation_ww_class_mutex");
        Lock ctx = lock("ctx", false);
        Lock r1 = v.newLock("r1", ww, false, true);
        LockThread t = task("t");
        v.acquire(t, r1, ReadMode.WRITE, false, ctx, site("ww_lock r1"));
        assertEquals(1, findings.size());
        assertFinding(findings.get(0), "ww-context-misuse", "t", "line 1: ww_lock r1", List.of(1),
                "r1 locked under acquire context ctx, which is not held",
                """
                WARNING: Nested lock was not taken
                thread t is trying to acquire lock:
                  r1, at line 1: ww_lock r1
                but its nest lock (the acquire context) is not held:
                  ctx

                no locks held by t.
                """);
    }

    @Test
    @DisplayName("ww context misuse: releasing a lock a context-less ww_lock was merged into")
    void releaseOfAMergedEntryWithoutContext() {
        LockClass ww = v.newClass("reservation_ww_class_mutex");
        Lock ctx = lock("ctx", false);
        Lock r1 = v.newLock("r1", ww, false, true);
        Lock r2 = v.newLock("r2", ww, false, true);
        LockThread t = task("t");
        lock(t, r1);
        v.acquire(t, r2, ReadMode.WRITE, false, ctx, site("ww_lock r2"));
        unlock(t, r1);
        assertEquals(1, findings.size());
        assertFinding(findings.get(0), "ww-context-misuse", "t", "line 3: unlock r1", List.of(1, 3),
                "r1 took a ww_lock under an acquire context that was never held",
                """
                WARNING: Nested lock was not taken
                thread t releases r1 at line 3: unlock r1, holding
                a lock that a ww_lock under an acquire context that was not held was merged into:
                  r1, at line 1: lock r1
                (lockdep: DEBUG_LOCKS_WARN_ON(!hlock->nest_lock) in match_held_lock())

                1 lock held by t:
                  #0: r1, at line 1: lock r1
                """);
    }

}
