package dev.fencecheck.bench;

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
 * The latency of one new dependency on the adversarial graph, sampled per dependency. The
 * graph lives across iterations and is rebuilt (untimed) only when its stream of 4 x classes
 * dependencies runs out, so the samples cover every density from empty to full.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NewDependencyLatencyBenchmark {
    @Param({"10000"})
    public int classes;

    @Param({"INCREMENTAL", "FULL_SEARCH"})
    public String search;

    private DependencyStreams stream;
    private NewDependencyBenchmark.Graph graph;
    private int next;

    @Setup(Level.Trial)
    public void generate() {
        stream = DependencyStreams.adversarial(classes, 7);
        // Two whole builds as a warm-up counted in work (see ChainCacheHitBenchmark).
        for (int i = 0; i < 2; i++) {
            NewDependencyBenchmark.Graph warm = new NewDependencyBenchmark.Graph(classes, search.equals("INCREMENTAL"));
            for (int e = 0; e < stream.size(); e++) {
                warm.add(stream.from()[e], stream.to()[e]);
            }
        }
        next = stream.size();
    }

    @Setup(Level.Invocation)
    public void refill() {
        if (next == stream.size()) {
            graph = new NewDependencyBenchmark.Graph(classes, search.equals("INCREMENTAL"));
            next = 0;
        }
    }

    @Benchmark
    public int addDependency() {
        int e = next++;
        graph.add(stream.from()[e], stream.to()[e]);
        return graph.validator.dependencyCount();
    }
}
