package dev.fencecheck.bench;

import dev.fencecheck.exec.ExplorationResult;
import dev.fencecheck.exec.Explorer;
import dev.fencecheck.scenario.Scenario;
import dev.fencecheck.scenario.ScenarioParser;
import dev.fencecheck.scenario.ScenarioSyntaxException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The explorer on kernel-like scenarios and on synthetic threads, with the naive enumeration of
 * every interleaving as the baseline in the same run. One invocation is one whole exploration;
 * executions per second are the explored executions divided by its time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ExplorerBenchmark {
    /** Kernel-like scenarios shipped with the benchmarks, and synthetic thread sets. */
    @Param({"abba", "reclaim-in-signalling-section", "shrinker-notifier-submission", "rwsem-writer-preference",
            "independent-2x10", "shared-3x2"})
    public String workload;

    private Scenario scenario;

    @Setup(Level.Trial)
    public void load() throws ScenarioSyntaxException {
        scenario = workload.startsWith("independent") || workload.startsWith("shared") ? null
                : Workloads.scenario(workload);
    }

    @Benchmark
    public long dpor() {
        return explore(workload, scenario).executions();
    }

    @Benchmark
    public long naive() {
        if (scenario != null) {
            return NaiveExplorer.explore(() -> Workloads.execution(scenario), 10_000_000);
        }
        int[] nk = Workloads.shape(workload);
        return NaiveExplorer.explore(() -> new SyntheticThreads(nk[0], nk[1], workload.startsWith("shared")),
                10_000_000);
    }

    static ExplorationResult explore(String workload, Scenario scenario) {
        if (scenario != null) {
            return new Explorer(() -> Workloads.execution(scenario), 10_000_000, 0, 0).explore();
        }
        int[] nk = Workloads.shape(workload);
        boolean shared = workload.startsWith("shared");
        return new Explorer(() -> new SyntheticThreads(nk[0], nk[1], shared), 10_000_000, 0, 0).explore();
    }

    /** Parses a scenario text that is known to be valid. */
    static Scenario parse(String name, String text) {
        try {
            return ScenarioParser.parse(name, text);
        } catch (ScenarioSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
