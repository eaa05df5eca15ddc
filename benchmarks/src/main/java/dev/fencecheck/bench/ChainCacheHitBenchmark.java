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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The validator's hot path: a kernel-like loop in which every thread takes the same lock path
 * again and again, so after the first round every chain is a chain-cache hit. Results are per
 * acquisition (acquire plus its release) through the public API. Baselines in the same run:
 * <ul>
 * <li>{@code NONE}, the pair check: lockdep's validation without a chain cache, on every
 * acquisition check_deadlock() against every held lock and check_prevs_add() with
 * check_noncircular()'s breadth-first search for the dependency on the held lock below
 * ({@code kernel/locking/lockdep.c: validate_chain}), and no topological order to skip it;</li>
 * <li>{@code HASH_SET}: the same validator, fast path included, with the chain table swapped
 * for a {@code java.util.HashSet<Long>} (one boxed key per look-up), so the ratio is that of
 * the tables alone.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChainCacheHitBenchmark {
    static final int THREADS = 16;
    static final int PATH = 6;
    static final int CLASSES = 96;

    /** OPEN_ADDRESSING: ours; HASH_SET: boxed keys; NONE: no chain cache (the pair check). */
    @Param({"OPEN_ADDRESSING", "HASH_SET", "NONE"})
    public String cache;

    private LockValidator validator;
    private LockThread[] threads;
    private Lock[][] paths;
    private final Site site = Site.of("bench", "hot loop");

    @Setup(Level.Trial)
    public void setUp() {
        ValidatorOptions options = ValidatorOptions.defaults();
        if (cache.equals("NONE")) {
            // What lockdep does without its chain cache: check_deadlock() against every held lock,
            // the new or known dependency on the lock below searched for a cycle (check_prevs_add()).
            options = options.withChainCache(false).withTopologicalOrder(false);
        } else {
            options = options.withChainTable(ValidatorOptions.ChainTable.valueOf(cache));
        }
        validator = new LockValidator(options, f -> {
            throw new IllegalStateException("the hot loop has no findings: " + f.message());
        });
        Lock[] locks = new Lock[CLASSES];
        for (int i = 0; i < CLASSES; i++) {
            locks[i] = validator.newLock("L" + i, validator.newClass("L" + i), false, false);
        }
        SplittableRandom random = new SplittableRandom(42);
        threads = new LockThread[THREADS];
        paths = new Lock[THREADS][];
        for (int t = 0; t < THREADS; t++) {
            threads[t] = validator.newThread("t" + t, ExecContext.TASK);
            // A fixed path in a global order: locks of increasing class index.
            paths[t] = random.ints(0, CLASSES).distinct().limit(PATH).sorted()
                    .mapToObj(i -> locks[i]).toArray(Lock[]::new);
        }
        // A warm-up counted in work, not time: on a loaded machine a timed warm-up may end
        // before the compiler got the CPU, and then the variants would be compared half-compiled.
        for (int i = 0; i < 20_000; i++) {
            hotLoop();
        }
    }

    @Benchmark
    @OperationsPerInvocation(THREADS * PATH)
    public int hotLoop() {
        LockValidator v = validator;
        for (int t = 0; t < THREADS; t++) {
            LockThread thread = threads[t];
            Lock[] path = paths[t];
            for (Lock l : path) {
                v.acquire(thread, l, ReadMode.WRITE, false, null, site);
            }
            for (int i = path.length - 1; i >= 0; i--) {
                v.release(thread, path[i], site);
            }
        }
        return v.chainCount();
    }
}
