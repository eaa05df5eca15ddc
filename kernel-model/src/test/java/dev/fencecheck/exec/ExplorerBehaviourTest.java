package dev.fencecheck.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The explorer's contract: budgets, interruption, seeds, schedule replay, and what it reports. */
class ExplorerBehaviourTest {

    private static final List<List<String>> ABBA = List.of(
            List.of("lock a", "lock b", "unlock b", "unlock a"),
            List.of("lock b", "lock a", "unlock a", "unlock b"));

    private static ExplorationResult explore(List<List<String>> program, long max, long seed) {
        return new Explorer(() -> new LockProgram(program), max, 0, seed).explore();
    }

    @Test
    @DisplayName("AB-BA: three classes (t0's section first, t1's first, the deadlock), the deadlock with its schedule")
    void abbaHasThreeClassesOneOfThemADeadlock() {
        List<Boolean> ends = new ArrayList<>();
        ExplorationResult r = new Explorer(() -> new LockProgram(ABBA), 1000, 0, 0)
                .onExecutionEnd((e, deadlocked) -> ends.add(deadlocked)).explore();
        assertEquals(3, r.executions());
        assertTrue(r.complete());
        assertEquals(1, ends.stream().filter(d -> d).count());
        ExplorationResult.Deadlock d = r.deadlock();
        assertNotNull(d);
        assertEquals("t0 t1", d.scheduleString());
        assertEquals(List.of(new Step("t0", "lock a", "op 1"), new Step("t1", "lock b", "op 1")), d.schedule());
        assertEquals(List.of("t0: lock b, held by t1", "t1: lock a, held by t0"), d.blocked());
    }

    @Test
    @DisplayName("the first deadlock found is kept, not a later one")
    void theFirstDeadlockIsKept() {
        // Two deadlocking pairs on separate locks: t0/t1 on a and b, t2/t3 on c and d.
        List<List<String>> program = List.of(ABBA.get(0), ABBA.get(1),
                List.of("lock c", "lock d", "unlock d", "unlock c"),
                List.of("lock d", "lock c", "unlock c", "unlock d"));
        List<List<String>> firstBlocked = new ArrayList<>();
        ExplorationResult r = new Explorer(() -> new LockProgram(program), 1000, 0, 0)
                .onExecutionEnd((e, deadlocked) -> {
                    if (deadlocked && firstBlocked.isEmpty()) {
                        List<String> blocked = new ArrayList<>();
                        for (int t = 0; t < e.threadCount(); t++) {
                            if (!e.finished(t)) {
                                blocked.add(e.threadName(t) + ": " + e.blockedOn(t));
                            }
                        }
                        firstBlocked.add(blocked);
                    }
                }).explore();
        assertEquals(9, r.executions(), "3 classes for each independent pair");
        assertEquals(firstBlocked.get(0), r.deadlock().blocked());
    }

    @Test
    @DisplayName("a deadlock-free program has no deadlock")
    void noDeadlockWithOneLockOrder() {
        ExplorationResult r = explore(List.of(ABBA.get(0), ABBA.get(0)), 1000, 0);
        assertNull(r.deadlock());
        assertEquals(2, r.executions(), "t0's section first or t1's");
        assertTrue(r.complete());
    }

    @Test
    @DisplayName("a budget of exactly the number of classes completes; one less does not")
    void budgetBoundary() {
        ExplorationResult all = explore(ABBA, 3, 0);
        assertEquals(3, all.executions());
        assertTrue(all.complete());
        ExplorationResult less = explore(ABBA, 2, 0);
        assertEquals(2, less.executions());
        assertFalse(less.complete());
        ExplorationResult one = explore(ABBA, 1, 0);
        assertEquals(1, one.executions());
        assertFalse(one.complete());
    }

    @Test
    @DisplayName("no time budget (0) never stops the exploration; a spent one stops it incomplete")
    void timeBudget() {
        ExplorationResult unbounded = new Explorer(() -> new IndependentThreads(3, 2, true), 1_000_000, 0, 0).explore();
        assertEquals(90, unbounded.executions());
        assertTrue(unbounded.complete());
        ExplorationResult negative = new Explorer(() -> new IndependentThreads(3, 2, true), 1_000_000, -5, 0).explore();
        assertEquals(90, negative.executions());
        ExplorationResult generous = new Explorer(() -> new IndependentThreads(3, 2, true), 1_000_000, 600_000, 0)
                .explore();
        assertEquals(90, generous.executions());
        assertTrue(generous.complete());
        // 1 ms, but the first execution is slowed past it: the exploration stops after it.
        ExplorationResult spent = new Explorer(() -> new Watched(new IndependentThreads(3, 2, true),
                s -> sleep(2)), 1_000_000, 1, 0).explore();
        assertFalse(spent.complete());
        assertTrue(spent.executions() >= 1 && spent.executions() < 90, "executions " + spent.executions());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    @DisplayName("an interrupted caller gets what was found so far, marked incomplete")
    void interruptionStopsTheExploration() {
        Thread.currentThread().interrupt();
        try {
            ExplorationResult r = explore(ABBA, 1000, 0);
            assertFalse(r.complete());
            assertEquals(0, r.executions());
        } finally {
            Thread.interrupted();
        }
        AtomicInteger seen = new AtomicInteger();
        ExplorationResult r = new Explorer(() -> new IndependentThreads(3, 2, true), 1_000_000, 0, 0)
                .onExecutionEnd((e, d) -> {
                    if (seen.incrementAndGet() == 5) {
                        Thread.currentThread().interrupt();
                    }
                }).explore();
        Thread.interrupted();
        assertFalse(r.complete());
        assertEquals(5, r.executions());
    }

    @Test
    @DisplayName("fully dependent steps: every execution runs every step, replays included")
    void stepsCountEveryStepRun() {
        ExplorationResult r = new Explorer(() -> new IndependentThreads(2, 2, true), 1000, 0, 0).explore();
        assertEquals(6, r.executions());
        assertEquals(6 * 4, r.steps());
        ExplorationResult one = new Explorer(() -> new IndependentThreads(3, 4, false), 1000, 0, 0).explore();
        assertEquals(1, one.executions());
        assertEquals(12, one.steps());
    }

    @Test
    @DisplayName("seed 0 tries threads in declaration order; other seeds permute the order, each the same way every time")
    void seedsPermuteTheFirstThreadTried() {
        assertEquals(List.of("t0", "t0", "t0", "t1", "t1", "t1", "t2", "t2", "t2"), firstExecution(0));
        Set<String> firstThreads = new HashSet<>();
        for (long seed = 1; seed <= 30; seed++) {
            List<String> first = firstExecution(seed);
            assertEquals(first, firstExecution(seed));
            firstThreads.add(first.get(0));
        }
        assertEquals(Set.of("t0", "t1", "t2"), firstThreads, "every thread is tried first for some seed");
    }

    /** The thread of each step of the first execution explored, with 3 threads of 3 dependent steps. */
    private static List<String> firstExecution(long seed) {
        List<String> order = new ArrayList<>();
        List<String> current = new ArrayList<>();
        new Explorer(() -> new Watched(new IndependentThreads(3, 3, true), s -> current.add(s.thread())), 1, 0, seed).onExecutionEnd((e, d) -> {
            if (order.isEmpty()) {
                order.addAll(current);
            }
        }).explore();
        return order;
    }

    @Test
    @DisplayName("replay runs a schedule of thread names and names the step that cannot run")
    void replay() {
        List<Step> steps = Explorer.replay(() -> new LockProgram(ABBA), List.of("t1", "t1", "t1", "t0"));
        assertEquals(List.of(new Step("t1", "lock b", "op 1"), new Step("t1", "lock a", "op 2"),
                new Step("t1", "unlock a", "op 3"), new Step("t0", "lock a", "op 1")), steps);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Explorer.replay(() -> new LockProgram(ABBA), List.of("t0", "t9")));
        assertEquals("step 2: thread t9 does not exist", missing.getMessage());
        IllegalArgumentException blocked = assertThrows(IllegalArgumentException.class,
                () -> Explorer.replay(() -> new LockProgram(ABBA), List.of("t0", "t1", "t1")));
        assertEquals("step 3: thread t1 cannot run here", blocked.getMessage());
        IllegalArgumentException first = assertThrows(IllegalArgumentException.class,
                () -> Explorer.replay(() -> new LockProgram(ABBA), List.of("t0", "t1", "t0")));
        assertEquals("step 3: thread t0 cannot run here", first.getMessage());
        assertEquals(List.of(), Explorer.replay(() -> new LockProgram(ABBA), List.of()));
    }

    @Test
    @DisplayName("replay closes its execution, also when the schedule is refused")
    void replayClosesItsExecution() {
        AtomicInteger made = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        Explorer.replay(() -> new LockProgram(ABBA, made, closed), List.of("t0"));
        assertThrows(IllegalArgumentException.class,
                () -> Explorer.replay(() -> new LockProgram(ABBA, made, closed), List.of("t0", "t1", "t0")));
        assertEquals(2, made.get());
        assertEquals(2, closed.get());
    }

    @Test
    @DisplayName("the explorer closes every execution it made, also when the listener throws")
    void explorationClosesEveryExecution() {
        AtomicInteger made = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        new Explorer(() -> new LockProgram(ABBA, made, closed), 1000, 0, 0).explore();
        assertEquals(made.get(), closed.get());
        assertTrue(made.get() >= 4, "the probe and one per execution");
        Explorer failing = new Explorer(() -> new LockProgram(ABBA, made, closed), 1000, 0, 0)
                .onExecutionEnd((e, d) -> {
                    throw new IllegalStateException("listener failed");
                });
        assertThrows(IllegalStateException.class, failing::explore);
        assertEquals(made.get(), closed.get());
    }

    @Test
    void nullFactoryAndListenerAreRefused() {
        assertThrows(NullPointerException.class, () -> new Explorer(null, 1, 0, 0));
        Explorer e = new Explorer(() -> new LockProgram(ABBA), 1, 0, 0);
        assertThrows(NullPointerException.class, () -> e.onExecutionEnd(null));
    }

    @Test
    @DisplayName("a race with a thread that cannot run yet is reversed by trying every thread that can")
    void raceWithADisabledThread() {
        // t1's touch of o races with t0's, but at the state before t0's touch t1 waits for y,
        // which t2 holds: only running t2 first lets t1 touch o before t0 does.
        List<List<String>> program = List.of(
                List.of("touch o"),
                List.of("lock y", "touch o", "unlock y"),
                List.of("lock y", "unlock y"));
        ExplorationResult r = explore(program, 1000, 0);
        assertEquals(ExplorerOracleProperties.Classes.of(program).keys.size(), r.executions());
        assertEquals(4, r.executions(), "t0's touch before or after t1's, t1's section before or after t2's");
    }

    /**
     * A known gap (found by brute force): t1's second access to x races with t0's, and the race
     * is recorded at the state after [t1 x, t2 x], where t1 is in the sleep set (its next step,
     * y, was explored from the state before). Reversing the race needs t2's y first, which
     * wakes t1; the explorer adds only t1, which sleeps, so the class
     * t1 x, t2 x, t2 y, t1 y, t1 x, t0 x (x: t1 t2 t1 t0, y: t2 t1) is never explored: 19 of 20.
     * Flanagan-Godefroid's "add p if enabled" with sleep sets needs the first step of the
     * reversing sequence instead (Abdulla et al., "Optimal dynamic partial order reduction",
     * POPL 2014, source sets). A missed class can hide a deadlock in explore mode.
     */
    @Test
    @org.junit.jupiter.api.Disabled("explorer bug: a race behind a sleeping thread is not reversed; see Javadoc")
    @DisplayName("three threads: a race whose reversal starts with another thread's step")
    void threeThreadRaceBehindASleepingThread() {
        List<List<String>> program = List.of(
                List.of("touch x"),
                List.of("touch x", "touch y", "touch x"),
                List.of("touch x", "touch y"));
        assertEquals(20, ExplorerOracleProperties.Classes.of(program).keys.size());
        assertEquals(20, explore(program, 100_000, 0).executions());
    }

    @Test
    @DisplayName("a thread that blocks until another has run is explored in both orders of the lock")
    void blockedThreadIsExploredWhenItCanRun() {
        // t1 first needs x, which t0 takes and gives back: the race on x is found from t0's
        // side and t1's, although t1 could not run at the state where t0 took x.
        List<List<String>> program = List.of(
                List.of("lock x", "touch y", "unlock x"),
                List.of("touch y", "lock x", "unlock x"));
        ExplorationResult r = explore(program, 1000, 0);
        assertEquals(ExplorerOracleProperties.Classes.of(program).keys.size(), r.executions());
    }

    /** An execution that tells {@code onStep} of every step it runs. */
    private record Watched(Execution e, java.util.function.Consumer<Step> onStep) implements Execution {
        @Override
        public int threadCount() {
            return e.threadCount();
        }

        @Override
        public String threadName(int thread) {
            return e.threadName(thread);
        }

        @Override
        public boolean finished(int thread) {
            return e.finished(thread);
        }

        @Override
        public boolean enabled(int thread) {
            return e.enabled(thread);
        }

        @Override
        public Object nextObject(int thread) {
            return e.nextObject(thread);
        }

        @Override
        public Step step(int thread) {
            Step s = e.step(thread);
            onStep.accept(s);
            return s;
        }

        @Override
        public String blockedOn(int thread) {
            return e.blockedOn(thread);
        }
    }
}
