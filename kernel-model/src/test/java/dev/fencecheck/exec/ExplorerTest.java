package dev.fencecheck.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The explorer's reduction: how many executions it needs, against the closed-form counts. */
class ExplorerTest {

    private static ExplorationResult explore(int n, int k, boolean shared, long max) {
        return new Explorer(() -> new IndependentThreads(n, k, shared), max, 0, 0).explore();
    }

    @Test
    @DisplayName("N threads x K independent steps are explored in exactly one execution")
    void independentThreadsAreExploredOnce() {
        for (int[] nk : new int[][] {{2, 10}, {3, 4}, {4, 5}, {8, 3}}) {
            ExplorationResult r = explore(nk[0], nk[1], false, 1_000_000);
            assertEquals(1, r.executions(), nk[0] + "x" + nk[1]);
            assertTrue(r.complete());
            assertNull(r.deadlock());
        }
    }

    @Test
    @DisplayName("fully dependent threads: one execution per interleaving ((N*K)! / (K!)^N)")
    void dependentThreadsAreExploredInEveryOrder() {
        assertEquals(6, explore(2, 2, true, 1_000_000).executions());     // 4!/(2!2!)
        assertEquals(20, explore(2, 3, true, 1_000_000).executions());    // 6!/(3!3!)
        assertEquals(90, explore(3, 2, true, 1_000_000).executions());    // 6!/(2!2!2!)
    }

    @Test
    void theBudgetStopsTheExplorationAndSaysItIsIncomplete() {
        ExplorationResult r = explore(3, 3, true, 10);
        assertEquals(10, r.executions());
        assertTrue(!r.complete());
    }

    @Test
    void explorationIsDeterministicForASeed() {
        for (long seed : new long[] {0, 1, 42}) {
            ExplorationResult a = new Explorer(() -> new IndependentThreads(3, 2, true), 1000, 0, seed).explore();
            ExplorationResult b = new Explorer(() -> new IndependentThreads(3, 2, true), 1000, 0, seed).explore();
            assertEquals(a, b);
        }
    }

    /** Threads 0..n-1 read one object k times each; thread n, if present, writes it once. */
    private static Execution readers(int n, int k, boolean writer) {
        int[] pc = new int[n + (writer ? 1 : 0)];
        return new Execution() {
            public int threadCount() {
                return pc.length;
            }

            public String threadName(int t) {
                return "t" + t;
            }

            public boolean finished(int t) {
                return pc[t] == (t == n ? 1 : k);
            }

            public boolean enabled(int t) {
                return !finished(t);
            }

            public Object nextObject(int t) {
                return "shared";
            }

            public boolean nextIsRead(int t) {
                return t < n;
            }

            public Step step(int t) {
                pc[t]++;
                return new Step("t" + t, t < n ? "read" : "write", "");
            }

            public String blockedOn(int t) {
                return "nothing";
            }
        };
    }

    @Test
    @DisplayName("reads of one object commute; a write orders itself against each of them")
    void readsCommute() {
        assertEquals(1, new Explorer(() -> readers(3, 4, false), 1_000_000, 0, 0).explore().executions());
        // Each of 3 single-read readers goes before or after the write: 2^3 classes.
        assertEquals(8, new Explorer(() -> readers(3, 1, true), 1_000_000, 0, 0).explore().executions());
        // Two reads each: a reader's reads are before, around or after the write: 3^2 classes.
        assertEquals(9, new Explorer(() -> readers(2, 2, true), 1_000_000, 0, 0).explore().executions());
    }
}
