package dev.fencecheck.bench;

import dev.fencecheck.exec.ExplorationResult;
import dev.fencecheck.exec.Execution;
import dev.fencecheck.exec.Explorer;
import dev.fencecheck.scenario.Scenario;
import dev.fencecheck.scenario.ScenarioParser;
import dev.fencecheck.scenario.ScenarioSyntaxException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 * The explorer on kernel-like scenarios and on synthetic threads, with two baselines in the same
 * run: the naive enumeration of every interleaving, and classic DPOR with persistent and sleep
 * sets ({@link ClassicDpor}). One invocation is one whole exploration; executions per second
 * are the explored executions divided by its time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ExplorerBenchmark {
    /** Kernel-like scenarios ({@link Workloads#SCENARIOS}) and synthetic thread sets. */
    @Param({"abba", "wait-in-signalling", "shrinker-notifier-submission", "reclaim-in-signalling-section",
            "rwsem-writer-preference", "rwlock-readers", "independent-2x10", "independent-3x4", "shared-3x2"})
    public String workload;

    private Supplier<Execution> factory;

    @Setup(Level.Trial)
    public void load() {
        factory = Workloads.factory(workload);
    }

    @Benchmark
    public long dpor() {
        return explore(factory).executions();
    }

    @Benchmark
    public long classic() {
        return ClassicDpor.explore(factory).executions();
    }

    @Benchmark
    public long naive() {
        return NaiveExplorer.explore(factory, 10_000_000);
    }

    static ExplorationResult explore(Supplier<? extends Execution> factory) {
        return new Explorer(factory, 10_000_000, 0, 0).explore();
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
