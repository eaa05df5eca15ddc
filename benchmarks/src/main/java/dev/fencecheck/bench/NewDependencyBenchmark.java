package dev.fencecheck.bench;

import dev.fencecheck.lockdep.ExecContext;
import dev.fencecheck.lockdep.Lock;
import dev.fencecheck.lockdep.LockThread;
import dev.fencecheck.lockdep.LockValidator;
import dev.fencecheck.lockdep.ReadMode;
import dev.fencecheck.lockdep.Site;
import dev.fencecheck.lockdep.ValidatorOptions;
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
 * New dependencies: one invocation builds a whole graph of 4 x classes dependencies (each one
 * acquire prev, acquire next, release both) into a fresh validator, so that every density from
 * empty to full is measured in the proportion it occurs. Baseline in the same run: a full
 * search per new dependency, as lockdep does ({@code kernel/locking/lockdep.c:
 * check_noncircular}, a breadth-first search from the new lock for the held one). The
 * per-dependency latency is {@link NewDependencyLatencyBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class NewDependencyBenchmark {
    @Param({"1000", "10000", "100000"})
    public int classes;

    /** ADVERSARIAL: random DAG in random order; KERNEL_LIKE: nested lock paths. */
    @Param({"ADVERSARIAL", "KERNEL_LIKE"})
    public String graph;

    /** INCREMENTAL: ours (dynamic topological order); FULL_SEARCH: lockdep's search per edge. */
    @Param({"INCREMENTAL", "FULL_SEARCH"})
    public String search;

    private DependencyStreams stream;
    private Graph target;

    @Setup(Level.Trial)
    public void generate() {
        stream = graph.equals("ADVERSARIAL") ? DependencyStreams.adversarial(classes, 7)
                : DependencyStreams.kernelLike(classes, 7);
    }

    @Setup(Level.Invocation)
    public void freshGraph() {
        target = new Graph(classes, search.equals("INCREMENTAL"));
    }

    @Benchmark
    public int build() {
        Graph g = target;
        int[] from = stream.from();
        int[] to = stream.to();
        for (int e = 0; e < from.length; e++) {
            g.add(from[e], to[e]);
        }
        return g.validator.dependencyCount();
    }

    /** A validator with {@code classes} lock classes, one lock each, and one thread. */
    static final class Graph {
        private static final Site SITE = Site.of("bench", "new dependency");
        final LockValidator validator;
        private final Lock[] locks;
        private final LockThread thread;

        Graph(int classes, boolean incremental) {
            validator = new LockValidator(ValidatorOptions.defaults().withTopologicalOrder(incremental), f -> {
                throw new IllegalStateException("a DAG has no cycle: " + f.message());
            });
            locks = new Lock[classes];
            for (int i = 0; i < classes; i++) {
                locks[i] = validator.newLock("C" + i, validator.newClass("C" + i), false, false);
            }
            thread = validator.newThread("t", ExecContext.TASK);
        }

        void add(int from, int to) {
            LockValidator v = validator;
            v.acquire(thread, locks[from], ReadMode.WRITE, false, null, SITE);
            v.acquire(thread, locks[to], ReadMode.WRITE, false, null, SITE);
            v.release(thread, locks[to], SITE);
            v.release(thread, locks[from], SITE);
        }
    }
}
