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
}
