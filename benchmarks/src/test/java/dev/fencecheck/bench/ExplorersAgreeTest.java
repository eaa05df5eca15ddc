package dev.fencecheck.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.exec.ExplorationResult;
import dev.fencecheck.exec.Execution;
import dev.fencecheck.exec.Explorer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Our explorer and the classic-DPOR baseline against the classes computed from every
 * interleaving: each covers every class (so finds every deadlock) and none twice. Correctness
 * only; the speed is for JMH.
 */
class ExplorersAgreeTest {

    static List<String> workloads() {
        return ExplorerFigures.all();
    }

    /** The class of every execution an explorer ends, in order, duplicates kept. */
    private static List<String> oursClasses(Supplier<Execution> factory) {
        List<String> seen = new ArrayList<>();
        new Explorer(() -> new RecordingExecution(factory.get()), 10_000_000, 0, 0)
                .onExecutionEnd((e, deadlocked) -> seen.add(EquivalenceClasses.canonical(
                        ((RecordingExecution) e).events(), deadlocked)))
                .explore();
        return seen;
    }

    private static List<String> classicClasses(Supplier<Execution> factory) {
        List<String> seen = new ArrayList<>();
        new ClassicDpor(() -> new RecordingExecution(factory.get()), e -> seen.add(EquivalenceClasses.canonical(
                ((RecordingExecution) e).events(), EquivalenceClasses.blocked(e)))).run();
        return seen;
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void bothExplorersCoverEveryClassExactlyOnce(String workload) {
        Supplier<Execution> factory = Workloads.factory(workload);
        Set<String> classes = EquivalenceClasses.ofAllInterleavings(factory);
        List<String> ours = oursClasses(factory);
        List<String> classic = classicClasses(factory);
        assertEquals(classes, new HashSet<>(ours), "ours covers exactly the classes");
        assertEquals(classes, new HashSet<>(classic), "classic covers exactly the classes");
        assertEquals(classes.size(), ours.size(), "ours explores no class twice");
        assertEquals(classes.size(), classic.size(), "classic explores no class twice");

        boolean anyDeadlock = classes.stream().anyMatch(c -> c.startsWith("blocked:"));
        ExplorationResult r = ExplorerBenchmark.explore(factory);
        assertEquals(anyDeadlock, r.deadlock() != null, "ours reports a deadlock iff one exists");
        assertEquals(anyDeadlock, ClassicDpor.explore(factory).deadlocks() > 0, "classic likewise");
    }

    @Test
    void theKernelDeadlocksAreFound() {
        for (String w : Workloads.DEADLOCKS) {
            assertNotNull(ExplorerBenchmark.explore(Workloads.factory(w)).deadlock(), w);
            assertFalse(Double.isNaN(ExplorerFigures.firstDeadlockMs(Workloads.factory(w))), w);
        }
    }

    @Test
    void independentThreadsTakeOneExecutionAgainstTheClosedFormNaiveCount() {
        assertEquals(1, ExplorerBenchmark.explore(Workloads.factory("independent-2x10")).executions());
        assertEquals(1, ExplorerBenchmark.explore(Workloads.factory("independent-3x4")).executions());
        assertEquals(184_756, SyntheticThreads.interleavings(2, 10));
        assertEquals(34_650, NaiveExplorer.explore(Workloads.factory("independent-3x4"), 10_000_000));
        assertEquals(90, ClassicDpor.explore(Workloads.factory("shared-3x2")).executions());
    }

    @Test
    void readersCommuteButTheWriterDoesNot() {
        // Three readers in any order are one class; the writer goes before, between or after
        // the readers' sections: more than one class, fewer than the naive interleavings.
        Supplier<Execution> f = Workloads.factory("rwlock-readers");
        long classes = EquivalenceClasses.ofAllInterleavings(f).size();
        assertTrue(classes > 1 && classes < NaiveExplorer.explore(f, 10_000_000), "classes " + classes);
        assertEquals(classes, ExplorerBenchmark.explore(f).executions());
    }
}
