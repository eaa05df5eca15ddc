package dev.fencecheck.bench;

import dev.fencecheck.exec.ExplorationResult;
import dev.fencecheck.exec.Execution;
import dev.fencecheck.exec.Explorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The explorer's headline figures for {@code ./bench}: speed from the JMH scores, and what does
 * not need a stopwatch (executions, equivalence classes, redundancy) from runs made here.
 */
final class ExplorerFigures {
    /** The workload whose speed is the headline: the largest kernel scenario (under 30 steps). */
    static final String HEADLINE = "shrinker-notifier-submission";

    private ExplorerFigures() {
    }

    /**
     * The explorer's JMH run: many short iterations, so that the best one of each benchmark
     * (see {@link #best}) can be taken.
     */
    static ChainedOptionsBuilder options(boolean quick) {
        return new OptionsBuilder()
                .include(ExplorerBenchmark.class.getSimpleName())
                .forks(1)
                .shouldFailOnError(true)
                .warmupIterations(quick ? 2 : 5).warmupTime(TimeValue.milliseconds(quick ? 200 : 1000))
                .measurementIterations(quick ? 6 : 10).measurementTime(TimeValue.milliseconds(quick ? 150 : 1000));
    }

    /**
     * The best (lowest) iteration score of a method on a workload, in microseconds per
     * exploration. On a shared machine other processes only ever make an iteration slower, so the
     * best iteration is the least disturbed one, and ratios of best iterations compare the
     * explorers rather than the load at the moment each ran.
     */
    static double best(Collection<RunResult> results, String method, String workload) {
        for (RunResult r : results) {
            if (r.getParams().getBenchmark().endsWith("." + method)
                    && workload.equals(r.getParams().getParam("workload"))) {
                double best = Double.POSITIVE_INFINITY;
                for (BenchmarkResult b : r.getBenchmarkResults()) {
                    for (IterationResult i : b.getIterationResults()) {
                        best = Math.min(best, i.getPrimaryResult().getScore());
                    }
                }
                return best;
            }
        }
        throw new IllegalStateException("no result for " + method + " on " + workload);
    }

    /** Adds the explorer figures to {@code out}. */
    static void put(Map<String, Object> out, Collection<RunResult> results) {
        BiFunction<String, String, Double> score = (method, workload) -> best(results, method, workload);
        Map<String, Double> perSecond = new LinkedHashMap<>();
        Map<String, Double> vsClassic = new LinkedHashMap<>();
        Map<String, Double> vsNaive = new LinkedHashMap<>();
        Map<String, Long> classes = new LinkedHashMap<>();
        Map<String, Double> redundancy = new LinkedHashMap<>();
        double redundancyMax = 0;
        double classicRedundancyMax = 0;
        for (String w : all()) {
            Supplier<Execution> f = Workloads.factory(w);
            ExplorationResult r = ExplorerBenchmark.explore(f);
            double micros = score.apply("dpor", w);
            perSecond.put(w, r.executions() / (micros / 1e6));
            vsClassic.put(w, score.apply("classic", w) / micros);
            vsNaive.put(w, score.apply("naive", w) / micros);
            long n = EquivalenceClasses.ofAllInterleavings(f).size();
            classes.put(w, n);
            redundancy.put(w, r.executions() / (double) n);
            redundancyMax = Math.max(redundancyMax, r.executions() / (double) n);
            classicRedundancyMax = Math.max(classicRedundancyMax, ClassicDpor.explore(f).executions() / (double) n);
        }
        ExplorationResult headline = ExplorerBenchmark.explore(Workloads.factory(HEADLINE));
        double micros = score.apply("dpor", HEADLINE);
        out.put("explorer_executions_per_s", perSecond.get(HEADLINE));
        out.put("explorer_steps_per_s", headline.steps() / (micros / 1e6));
        out.put("explorer_executions_per_s_min_scenarios", Workloads.SCENARIOS.stream()
                .mapToDouble(perSecond::get).min().orElse(Double.NaN));
        out.put("explorer_executions_per_s_by_workload", perSecond);
        Supplier<Execution> headlineFactory = Workloads.factory(HEADLINE);
        double oursCpu = perCpuSecond(() -> ExplorerBenchmark.explore(headlineFactory).executions());
        double classicCpu = perCpuSecond(() -> ClassicDpor.explore(headlineFactory).executions());
        out.put("explorer_executions_per_cpu_s", oursCpu);
        out.put("dpor_vs_classic_cpu", oursCpu / classicCpu);
        for (String w : List.of("independent-2x10", "independent-3x4")) {
            int[] nk = Workloads.shape(w);
            String key = "independent_" + nk[0] + "x" + nk[1];
            out.put(key + "_executions", ExplorerBenchmark.explore(Workloads.factory(w)).executions());
            out.put(key + "_naive_executions", SyntheticThreads.interleavings(nk[0], nk[1]));
        }
        out.put("equivalence_classes", classes);
        out.put("redundancy_ratio_max", redundancyMax);
        out.put("redundancy_ratio_classic_max", classicRedundancyMax);
        out.put("redundancy_ratio_by_workload", redundancy);
        Map<String, Double> firstDeadlock = new LinkedHashMap<>();
        Map<String, Double> firstDeadlockCold = new LinkedHashMap<>();
        for (String w : Workloads.DEADLOCKS) {
            firstDeadlockCold.put(w, firstDeadlockMs(Workloads.factory(w)));
        }
        for (String w : Workloads.DEADLOCKS) {
            firstDeadlock.put(w, medianFirstDeadlockMs(Workloads.factory(w), 50));
        }
        out.put("first_deadlock_ms_max", firstDeadlock.values().stream().mapToDouble(d -> d).max().orElse(Double.NaN));
        out.put("first_deadlock_ms_cold_max", firstDeadlockCold.values().stream().mapToDouble(d -> d).max()
                .orElse(Double.NaN));
        out.put("first_deadlock_ms", firstDeadlock);
        out.put("dpor_vs_classic", vsClassic.get(HEADLINE));
        out.put("dpor_vs_classic_by_workload", vsClassic);
        out.put("explorer_speedup_vs_naive", vsNaive);
    }

    /**
     * Executions per second of this thread's CPU time, after a warm-up: a cross-check of the JMH
     * figures that other processes on a loaded machine do not drag down (they take the CPU
     * away, which a wall clock counts and a thread's CPU clock does not).
     */
    static double perCpuSecond(java.util.function.LongSupplier exploration) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long executions = 0;
        long start = mx.getCurrentThreadCpuTime();
        while (mx.getCurrentThreadCpuTime() - start < 1_500_000_000L) {
            exploration.getAsLong();
        }
        start = mx.getCurrentThreadCpuTime();
        long elapsed;
        do {
            for (int i = 0; i < 100; i++) {
                executions += exploration.getAsLong();
            }
            elapsed = mx.getCurrentThreadCpuTime() - start;
        } while (elapsed < 1_000_000_000L);
        return executions / (elapsed / 1e9);
    }

    static List<String> all() {
        List<String> all = new ArrayList<>(Workloads.SCENARIOS);
        all.addAll(Workloads.SYNTHETIC);
        return all;
    }

    /** Thrown by the listener to stop an exploration at its first deadlock. */
    private static final class Found extends RuntimeException {
        Found() {
            super(null, null, false, false);
        }
    }

    /**
     * Milliseconds from creating the explorer to the end of the first deadlocked execution (the
     * first the user would see); NaN when there is none.
     */
    static double firstDeadlockMs(Supplier<Execution> factory) {
        long start = System.nanoTime();
        long[] found = {-1};
        try {
            new Explorer(factory, 10_000_000, 0, 0).onExecutionEnd((e, deadlocked) -> {
                if (deadlocked) {
                    found[0] = System.nanoTime();
                    throw new Found();
                }
            }).explore();
        } catch (Found expected) {
            // stopped at the first deadlock
        }
        return found[0] < 0 ? Double.NaN : (found[0] - start) / 1e6;
    }

    private static double medianFirstDeadlockMs(Supplier<Execution> factory, int runs) {
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            ms[i] = firstDeadlockMs(factory);
        }
        Arrays.sort(ms);
        return ms[runs / 2];
    }
}
