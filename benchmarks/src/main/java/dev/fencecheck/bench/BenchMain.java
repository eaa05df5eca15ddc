package dev.fencecheck.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code ./bench}: runs the benchmarks, each next to its baseline in the same JMH run, and prints
 * one JSON object of the headline figures (ratios are measured side by side, never against
 * numbers from another run). {@code --quick} runs a short version.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws RunnerException {
        boolean quick = List.of(args).contains("--quick");
        // The validator's per-acquisition benchmarks: many short iterations, whose median the
        // summary takes, so that a shared machine's scheduling moves the figures less.
        ChainedOptionsBuilder acquisitions = new OptionsBuilder()
                .include(ChainCacheHitBenchmark.class.getSimpleName())
                .include(ValidatorMixBenchmark.class.getSimpleName())
                .addProfiler("gc")
                .forks(1)
                .shouldFailOnError(true)
                .warmupIterations(quick ? 3 : 5).warmupTime(TimeValue.milliseconds(quick ? 200 : 1000))
                .measurementIterations(quick ? 9 : 15).measurementTime(TimeValue.milliseconds(quick ? 100 : 500));
        // A new-dependency invocation builds a whole graph into a fresh validator (single shot);
        // the latency samples single dependencies over whole builds.
        ChainedOptionsBuilder graphs = new OptionsBuilder()
                .include(NewDependencyBenchmark.class.getSimpleName())
                .forks(1)
                .shouldFailOnError(true)
                .warmupIterations(quick ? 5 : 8)
                .measurementIterations(quick ? 7 : 15);
        ChainedOptionsBuilder latency = new OptionsBuilder()
                .include(NewDependencyLatencyBenchmark.class.getSimpleName())
                .forks(1)
                .shouldFailOnError(true)
                .warmupIterations(3).warmupTime(TimeValue.milliseconds(quick ? 200 : 1000))
                .measurementIterations(quick ? 5 : 10).measurementTime(TimeValue.milliseconds(quick ? 200 : 1000));
        if (quick) {
            graphs.param("classes", "10000");
        }
        // JMH's progress goes to stderr, so that stdout carries only the JSON summary.
        Collection<RunResult> results = new ArrayList<>();
        for (ChainedOptionsBuilder validator : List.of(acquisitions, graphs, latency)) {
            results.addAll(new Runner(validator.build(),
                    OutputFormatFactory.createFormatInstance(System.err, VerboseMode.NORMAL)).run());
        }
        results.addAll(new Runner(ExplorerFigures.options(quick).build(),
                OutputFormatFactory.createFormatInstance(System.err, VerboseMode.NORMAL)).run());
        System.out.println(summary(results, args));
    }

    static String summary(Collection<RunResult> results, String[] args) {
        Map<String, Object> out = new LinkedHashMap<>();
        // The validator's figures are medians of the iterations: on a shared machine an
        // iteration the process spent descheduled would otherwise move a mean, and a ratio,
        // more than the code does. Every variant, ours or a baseline, gets the same statistic.
        double open = median(results, "hotLoop", "cache", "OPEN_ADDRESSING");
        double hashSet = median(results, "hotLoop", "cache", "HASH_SET");
        double none = median(results, "hotLoop", "cache", "NONE");
        out.put("hit_ns_per_acquire", open);
        out.put("hit_vs_pair_check", none / open);
        out.put("hit_vs_hashmap_cache", hashSet / open);
        out.put("alloc_bytes_per_hit", secondary(results, "hotLoop", "cache", "OPEN_ADDRESSING",
                "gc.alloc.rate.norm"));
        out.put("hit_hashmap_ns_per_acquire", hashSet);
        out.put("hit_pair_check_ns_per_acquire", none);
        double mix = median(results, "mix", "cache", "OPEN_ADDRESSING");
        out.put("mix_ns_per_acquire", mix);
        out.put("mix_vs_hashmap_cache", median(results, "mix", "cache", "HASH_SET") / mix);
        out.put("mix_vs_pair_check", median(results, "mix", "cache", "NONE") / mix);
        out.put("cold_start_ns_per_acquire", median(results, "coldStart", "cache", "OPEN_ADDRESSING"));
        RunResult incremental = find(results, "addDependency", "search", "INCREMENTAL");
        out.put("new_edge_p99_us_10k", incremental.getPrimaryResult().getStatistics().getPercentile(99.0));
        out.put("new_edge_p99_us_10k_full_search", find(results, "addDependency", "search", "FULL_SEARCH")
                .getPrimaryResult().getStatistics().getPercentile(99.0));
        for (String classes : List.of("1000", "10000", "100000")) {
            String k = classes.equals("1000") ? "1k" : classes.equals("10000") ? "10k" : "100k";
            Double adversarial = buildRatio(results, classes, "ADVERSARIAL");
            Double kernelLike = buildRatio(results, classes, "KERNEL_LIKE");
            if (adversarial != null) {
                out.put("incremental_vs_full_search_" + k, adversarial);
            }
            if (kernelLike != null) {
                out.put("incremental_vs_full_search_kernel_like_" + k, kernelLike);
            }
        }

        // The explorer's figures and baselines (ExplorerFigures), then the whole conformance run.
        ExplorerFigures.put(out, results);
        out.put("conformance_run_s", List.of(args).contains("--skip-conformance") ? null : ConformanceRun.seconds());
        return toJson(out);
    }

    /** Full search over incremental, building one whole graph; null when not run. */
    private static Double buildRatio(Collection<RunResult> results, String classes, String graph) {
        Double incremental = null;
        Double full = null;
        for (RunResult r : results) {
            var p = r.getParams();
            if (p.getBenchmark().endsWith(".build") && classes.equals(p.getParam("classes"))
                    && graph.equals(p.getParam("graph"))) {
                if ("INCREMENTAL".equals(p.getParam("search"))) {
                    incremental = median(r);
                } else {
                    full = median(r);
                }
            }
        }
        return incremental == null || full == null ? null : full / incremental;
    }

    private static RunResult find(Collection<RunResult> results, String method, String param, String value) {
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            if (label.endsWith("." + method) && value.equals(r.getParams().getParam(param))) {
                return r;
            }
        }
        throw new IllegalStateException("no result for " + method + " " + param + "=" + value);
    }

    private static double median(Collection<RunResult> results, String method, String param, String value) {
        return median(find(results, method, param, value));
    }

    /** The median of a result's measurement iterations. */
    private static double median(RunResult r) {
        List<Double> scores = new ArrayList<>();
        for (var b : r.getBenchmarkResults()) {
            for (var i : b.getIterationResults()) {
                scores.add(i.getPrimaryResult().getScore());
            }
        }
        scores.sort(null);
        int n = scores.size();
        return n % 2 == 1 ? scores.get(n / 2) : (scores.get(n / 2 - 1) + scores.get(n / 2)) / 2;
    }

    private static double score(Collection<RunResult> results, String method, String param, String value) {
        return find(results, method, param, value).getPrimaryResult().getScore();
    }

    private static double secondary(Collection<RunResult> results, String method, String param, String value,
                                    String key) {
        Map<String, Result> secondary = find(results, method, param, value).getSecondaryResults();
        for (Map.Entry<String, Result> e : secondary.entrySet()) {
            if (e.getKey().endsWith(key)) {
                return e.getValue().getScore();
            }
        }
        return Double.NaN;
    }

    private static String toJson(Map<String, Object> map) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, Object> e : map.entrySet()) {
            sb.append(first ? "\n  " : ",\n  ").append('"').append(e.getKey()).append("\": ");
            first = false;
            sb.append(value(e.getValue()));
        }
        return sb.append("\n}").toString();
    }

    @SuppressWarnings("unchecked")
    private static String value(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                sb.append(first ? "" : ", ").append('"').append(e.getKey()).append("\": ").append(value(e.getValue()));
                first = false;
            }
            return sb.append('}').toString();
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? String.format(Locale.ROOT, "%.3f", d) : "null";
        }
        return v.toString();
    }
}
