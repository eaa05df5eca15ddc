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
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(ChainCacheHitBenchmark.class.getSimpleName())
                .addProfiler("gc")
                .forks(1)
                .shouldFailOnError(true);
        if (quick) {
            options.warmupIterations(2).warmupTime(TimeValue.milliseconds(300))
                    .measurementIterations(3).measurementTime(TimeValue.milliseconds(400));
        } else {
            options.warmupIterations(5).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(10).measurementTime(TimeValue.seconds(1));
        }
        // A new-dependency iteration must not run out of edges (each builds a fresh graph of
        // 4 x classes edges), so its iterations are short and many.
        ChainedOptionsBuilder edges = new OptionsBuilder()
                .include(NewDependencyBenchmark.class.getSimpleName())
                .forks(1)
                .shouldFailOnError(true)
                .warmupIterations(quick ? 5 : 20).warmupTime(TimeValue.milliseconds(20))
                .measurementIterations(quick ? 20 : 100).measurementTime(TimeValue.milliseconds(20));
        // JMH's progress goes to stderr, so that stdout carries only the JSON summary.
        Collection<RunResult> results = new ArrayList<>(new Runner(options.build(),
                OutputFormatFactory.createFormatInstance(System.err, VerboseMode.NORMAL)).run());
        results.addAll(new Runner(edges.build(),
                OutputFormatFactory.createFormatInstance(System.err, VerboseMode.NORMAL)).run());
        results.addAll(new Runner(ExplorerFigures.options(quick).build(),
                OutputFormatFactory.createFormatInstance(System.err, VerboseMode.NORMAL)).run());
        System.out.println(summary(results, args));
    }

    static String summary(Collection<RunResult> results, String[] args) {
        Map<String, Object> out = new LinkedHashMap<>();
        double open = score(results, "hotLoop", "cache", "OPEN_ADDRESSING");
        double hashSet = score(results, "hotLoop", "cache", "HASH_SET");
        double none = score(results, "hotLoop", "cache", "NONE");
        out.put("hit_ns_per_acquire", open);
        out.put("hit_vs_pair_check", none / open);
        out.put("hit_vs_hashmap_cache", hashSet / open);
        out.put("alloc_bytes_per_hit", secondary(results, "hotLoop", "cache", "OPEN_ADDRESSING",
                "gc.alloc.rate.norm"));
        RunResult incremental = find(results, "addDependency", "search", "INCREMENTAL");
        RunResult full = find(results, "addDependency", "search", "FULL_SEARCH");
        out.put("new_edge_p99_us_10k", incremental.getPrimaryResult().getStatistics().getPercentile(99.0));
        out.put("incremental_vs_full_search_10k",
                full.getPrimaryResult().getScore() / incremental.getPrimaryResult().getScore());

        // The explorer's figures and baselines (ExplorerFigures), then the whole conformance run.
        ExplorerFigures.put(out, results);
        out.put("conformance_run_s", List.of(args).contains("--skip-conformance") ? null : ConformanceRun.seconds());
        return toJson(out);
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
