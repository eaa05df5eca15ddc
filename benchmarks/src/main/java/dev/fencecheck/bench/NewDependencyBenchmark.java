package dev.fencecheck.bench;

import dev.fencecheck.lockdep.ExecContext;
import dev.fencecheck.lockdep.Lock;
import dev.fencecheck.lockdep.LockThread;
import dev.fencecheck.lockdep.LockValidator;
import dev.fencecheck.lockdep.ReadMode;
import dev.fencecheck.lockdep.Site;
import dev.fencecheck.lockdep.ValidatorOptions;
import java.util.SplittableRandom;
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
 * New dependencies on an adversarial graph: a random DAG with four times as many edges as
 * classes, inserted in random order, so the topological order must be repaired often. Each
 * invocation adds one dependency (acquire prev, acquire next, release both). Baseline in the same
 * run: a full search per new dependency, as lockdep does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NewDependencyBenchmark {
    @Param({"10000"})
    public int classes;

    /** INCREMENTAL: ours (dynamic topological order); FULL_SEARCH: lockdep's search per edge. */
    @Param({"INCREMENTAL", "FULL_SEARCH"})
    public String search;

    private int[] from;
    private int[] to;
    private Lock[] locks;
    private LockValidator validator;
    private LockThread thread;
    private int next;
    private final Site site = Site.of("bench", "new dependency");

    @Setup(Level.Trial)
    public void generate() {
        SplittableRandom random = new SplittableRandom(7);
        int[] rank = random.ints(0, Integer.MAX_VALUE).limit(classes).toArray();
        int edges = 4 * classes;
        from = new int[edges];
        to = new int[edges];
        for (int e = 0; e < edges; e++) {
            int a = random.nextInt(classes);
            int b = random.nextInt(classes);
            while (b == a) {
                b = random.nextInt(classes);
            }
            // Edges point from lower to higher hidden rank: a DAG, inserted in random order.
            boolean forward = rank[a] < rank[b] || (rank[a] == rank[b] && a < b);
            from[e] = forward ? a : b;
            to[e] = forward ? b : a;
        }
    }

    @Setup(Level.Iteration)
    public void freshGraph() {
        validator = new LockValidator(ValidatorOptions.defaults().withTopologicalOrder(search.equals("INCREMENTAL")),
                f -> {
                    throw new IllegalStateException("a DAG has no cycle: " + f.message());
                });
        locks = new Lock[classes];
        for (int i = 0; i < classes; i++) {
            locks[i] = validator.newLock("C" + i, validator.newClass("C" + i), false, false);
        }
        thread = validator.newThread("t", ExecContext.TASK);
        next = 0;
    }

    @Benchmark
    public int addDependency() {
        if (next == from.length) {
            freshGraph(); // rarely reached: an iteration is shorter than the whole edge list
        }
        int e = next++;
        validator.acquire(thread, locks[from[e]], ReadMode.WRITE, false, null, site);
        validator.acquire(thread, locks[to[e]], ReadMode.WRITE, false, null, site);
        validator.release(thread, locks[to[e]], site);
        validator.release(thread, locks[from[e]], site);
        return validator.dependencyCount();
    }
}
