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
 * Two more validator workloads, per acquisition (acquire plus its release):
 * {@code mix}, a warm read/write/trylock/irq mix (task threads nest sleeping locks in read,
 * recursive-read and write modes with some trylocks, then take bh locks under
 * local_bh_disable() and irq locks under local_irq_disable(); softirq and hardirq threads
 * take the bh and irq locks), and {@code coldStart}, the first run of kernel-like paths through
 * a fresh validator, where every chain is new. Same chain-cache variants as
 * {@link ChainCacheHitBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ValidatorMixBenchmark {
    static final int THREADS = 24;
    static final int TASK_LOCKS = 64;
    static final int BH_LOCKS = 16;
    static final int IRQ_LOCKS = 16;
    /**
     * Acquisitions per round: 18 task threads take 4 task, 2 bh and 2 irq locks; 3 softirq
     * threads 2 bh and 2 irq locks; 3 hardirq threads 2 irq locks.
     */
    static final int ROUND_OPS = 18 * 8 + 3 * 4 + 3 * 2;

    @Param({"OPEN_ADDRESSING", "HASH_SET", "NONE"})
    public String cache;

    private final Site site = Site.of("bench", "mix");
    private Round warm;
    private Round cold;

    @Setup(Level.Trial)
    public void warmUp() {
        warm = new Round(options(cache), 11);
        if (warm.run() != ROUND_OPS) {
            throw new IllegalStateException("a round is not " + ROUND_OPS + " acquisitions");
        }
        // Warm-up counted in work (see ChainCacheHitBenchmark), cold starts included.
        for (int i = 0; i < 10_000; i++) {
            warm.run();
        }
        for (int i = 0; i < 200; i++) {
            new Round(options(cache), 11).run();
        }
    }

    @Setup(Level.Invocation)
    public void freshValidator() {
        cold = new Round(options(cache), 11);
    }

    static ValidatorOptions options(String cache) {
        ValidatorOptions o = ValidatorOptions.defaults();
        return cache.equals("NONE") ? o.withChainCache(false).withTopologicalOrder(false)
                : o.withChainTable(ValidatorOptions.ChainTable.valueOf(cache));
    }

    @Benchmark
    @OperationsPerInvocation(ROUND_OPS)
    public int mix() {
        return warm.run();
    }

    @Benchmark
    @OperationsPerInvocation(ROUND_OPS)
    public int coldStart() {
        return cold.run();
    }

    /** One round of every thread's path, on its own validator. */
    final class Round {
        final LockValidator validator;
        final LockThread[] threads = new LockThread[THREADS];
        final Lock[][] task = new Lock[THREADS][];
        final ReadMode[][] modes = new ReadMode[THREADS][];
        final boolean[][] trylock = new boolean[THREADS][];
        final Lock[][] bh = new Lock[THREADS][];
        final Lock[][] irq = new Lock[THREADS][];

        Round(ValidatorOptions options, long seed) {
            validator = new LockValidator(options, f -> {
                throw new IllegalStateException("the mix has no findings: " + f.message());
            });
            Lock[] taskLocks = locks("task", TASK_LOCKS, false, true);
            Lock[] bhLocks = locks("bh", BH_LOCKS, true, false);
            Lock[] irqLocks = locks("irq", IRQ_LOCKS, true, false);
            SplittableRandom random = new SplittableRandom(seed);
            for (int t = 0; t < THREADS; t++) {
                // Two of every eight threads are softirq handlers, one a hardirq handler.
                ExecContext context = t % 8 == 6 ? ExecContext.SOFTIRQ
                        : t % 8 == 7 ? ExecContext.HARDIRQ : ExecContext.TASK;
                threads[t] = validator.newThread("t" + t, context);
                int nTask = context == ExecContext.TASK ? 4 : 0;
                task[t] = pick(random, taskLocks, nTask);
                modes[t] = new ReadMode[nTask];
                trylock[t] = new boolean[nTask];
                for (int i = 0; i < nTask; i++) {
                    modes[t][i] = ReadMode.values()[random.nextInt(3)];
                    trylock[t][i] = random.nextInt(8) == 0;
                }
                bh[t] = context == ExecContext.HARDIRQ ? new Lock[0] : pick(random, bhLocks, 2);
                irq[t] = pick(random, irqLocks, 2);
            }
        }

        private Lock[] locks(String prefix, int n, boolean spinning, boolean sleeping) {
            Lock[] locks = new Lock[n];
            for (int i = 0; i < n; i++) {
                locks[i] = validator.newLock(prefix + i, validator.newClass(prefix + i), spinning, sleeping);
            }
            return locks;
        }

        /** {@code n} distinct locks in their global order. */
        private Lock[] pick(SplittableRandom random, Lock[] from, int n) {
            return random.ints(0, from.length).distinct().limit(n).sorted()
                    .mapToObj(i -> from[i]).toArray(Lock[]::new);
        }

        int run() {
            LockValidator v = validator;
            int ops = 0;
            for (int t = 0; t < THREADS; t++) {
                LockThread th = threads[t];
                boolean task = th.context() == ExecContext.TASK;
                Lock[] path = this.task[t];
                for (int i = 0; i < path.length; i++) {
                    v.acquire(th, path[i], modes[t][i], trylock[t][i], null, site);
                }
                if (task) {
                    v.softirqsOff(th);
                }
                for (Lock l : bh[t]) {
                    v.acquire(th, l, ReadMode.WRITE, false, null, site);
                }
                if (th.context() != ExecContext.HARDIRQ) {
                    v.hardirqsOff(th);
                }
                for (Lock l : irq[t]) {
                    v.acquire(th, l, ReadMode.WRITE, false, null, site);
                }
                for (int i = irq[t].length - 1; i >= 0; i--) {
                    v.release(th, irq[t][i], site);
                }
                if (th.context() != ExecContext.HARDIRQ) {
                    v.hardirqsOn(th, site);
                }
                for (int i = bh[t].length - 1; i >= 0; i--) {
                    v.release(th, bh[t][i], site);
                }
                if (task) {
                    v.softirqsOn(th, site);
                }
                for (int i = path.length - 1; i >= 0; i--) {
                    v.release(th, path[i], site);
                }
                ops += path.length + bh[t].length + irq[t].length;
            }
            return ops;
        }
    }
}
