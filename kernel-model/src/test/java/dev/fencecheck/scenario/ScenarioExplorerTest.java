package dev.fencecheck.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.exec.ExplorationResult;
import dev.fencecheck.exec.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Explore mode: real deadlocks, with the schedule that reaches them, and none where there are none. */
class ScenarioExplorerTest {

    private static ExploreResult explore(String text) throws ScenarioSyntaxException {
        return ScenarioExplorer.explore(ScenarioParser.parse("test.scenario", text), 100_000, 0);
    }

    @Test
    void findsTheAbbaDeadlockAndPrintsATwoThreadSchedule() throws Exception {
        ExploreResult r = explore("""
                scenario ABBA
                expect deadlock circular-dependency
                lock A mutex
                lock B mutex
                thread t1
                  lock A
                  lock B
                  unlock B
                  unlock A
                end
                thread t2
                  lock B
                  lock A
                  unlock A
                  unlock B
                end
                """);
        ExplorationResult.Deadlock d = r.exploration().deadlock();
        assertNotNull(d);
        assertEquals(List.of("t1", "t2", "t1", "t2"), d.schedule().stream().map(Step::thread).toList());
        assertEquals(List.of("t1: line 7: lock B, waiting for B, held by t2",
                "t2: line 13: lock A, waiting for A, held by t1"), d.blocked());
        assertEquals(Boolean.TRUE, r.pass());
    }

    private static final String RECLAIM = """
            scenario a fence signalled after an allocation that reclaim may block on
            fence job
            thread submit
              publish job
              begin_signalling
              alloc %s
              signal job
              end_signalling
            end
            shrinker evict
              wait job
            end
            """;

    @Test
    void findsTheReclaimSelfDeadlockOfGfpKernelInsideTheSignallingSection() throws Exception {
        ExploreResult r = explore(RECLAIM.formatted("GFP_KERNEL"));
        assertNotNull(r.exploration().deadlock());
        assertTrue(r.exploration().deadlock().blocked().get(0).contains("waiting for fence job"));
        assertTrue(r.labels().contains("circular-dependency rule:FENCE-ALLOC"), r.labels().toString());
    }

    @Test
    void findsNoDeadlockWithGfpNowait() throws Exception {
        ExploreResult r = explore(RECLAIM.formatted("GFP_NOWAIT"));
        assertNull(r.exploration().deadlock());
        assertTrue(r.exploration().complete());
        assertEquals(List.of(), r.labels());
    }

    @Test
    void findsANotifierWaitingOnAFenceUnderALockTheSignallerNeeds() throws Exception {
        ExploreResult r = explore("""
                scenario userptr notifier waits for the job under the notifier lock
                lock notifier_lock mutex
                fence job
                notifier userptr
                  lock notifier_lock
                  wait job
                  unlock notifier_lock
                end
                thread munmap
                  invalidate
                end
                thread submit
                  publish job
                  begin_signalling
                  lock notifier_lock
                  unlock notifier_lock
                  signal job
                  end_signalling
                end
                """);
        assertNotNull(r.exploration().deadlock());
        assertTrue(r.labels().contains("circular-dependency rule:FENCE-LOCK"), r.labels().toString());
    }

    @Test
    void threadsOnDisjointLocksAreExploredInExactlyOneExecution() throws Exception {
        ExploreResult r = explore("""
                scenario disjoint
                expect no-deadlock clean
                lock A mutex
                lock B mutex
                lock C spinlock
                thread t1
                  lock A
                  unlock A
                  lock A
                  unlock A
                end
                thread t2
                  lock B
                  unlock B
                  alloc GFP_KERNEL
                end
                thread t3
                  lock C
                  unlock C
                end
                """);
        assertEquals(1, r.exploration().executions());
        assertTrue(r.exploration().complete());
        assertEquals(Boolean.TRUE, r.pass());
    }

    @Test
    void aReplayedScheduleReproducesTheSameTraceByteForByte() throws Exception {
        Scenario s = ScenarioParser.parse("test.scenario", """
                scenario replay
                lock A rwsem
                thread reader
                  read A
                  read A
                  unlock A
                  unlock A
                end
                thread writer
                  lock A
                  unlock A
                end
                """);
        ExplorationResult.Deadlock d = ScenarioExplorer.explore(s, 1000, 0).exploration().deadlock();
        assertNotNull(d, "rwsem writer preference: the second read waits behind the waiting writer");
        List<String> threads = d.schedule().stream().map(Step::thread).toList();
        ScenarioExplorer.Replay first = ScenarioExplorer.replay(s, threads);
        ScenarioExplorer.Replay second = ScenarioExplorer.replay(s, threads);
        assertEquals(d.schedule(), first.steps());
        assertEquals(first, second);
        assertTrue(first.state().contains("blocked"));
    }

    @Test
    void recursiveReadersDoNotWaitForAWaitingWriter() throws Exception {
        ExploreResult r = explore("""
                scenario queued rwlock: a recursive reader passes a waiting writer
                lock A rwlock
                thread reader
                  read_recursive A
                  read_recursive A
                  unlock A
                  unlock A
                end
                thread writer
                  lock A
                  unlock A
                end
                """);
        assertNull(r.exploration().deadlock());
    }

    @Test
    void aFailedTrylockIsSkippedAtUnlockAndAvoidsTheDeadlock() throws Exception {
        ExploreResult r = explore("""
                scenario trylock back-off
                lock A mutex
                lock B mutex
                thread t1
                  lock A
                  lock B
                  unlock B
                  unlock A
                end
                thread t2
                  lock B
                  trylock A
                  unlock A
                  unlock B
                end
                """);
        assertNull(r.exploration().deadlock());
        assertTrue(r.exploration().complete());
    }
}
