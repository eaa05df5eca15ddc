package dev.fencecheck.conformance.cli;

import dev.fencecheck.conformance.isolation.ChildJvm;
import dev.fencecheck.conformance.isolation.IsolatedRunner;
import dev.fencecheck.conformance.plugin.DriverLoader;
import dev.fencecheck.conformance.plugin.LoadError;
import dev.fencecheck.conformance.plugin.LoadedDriver;
import dev.fencecheck.conformance.report.AtomicFile;
import dev.fencecheck.conformance.report.DotReport;
import dev.fencecheck.conformance.report.HtmlReport;
import dev.fencecheck.conformance.report.JUnitReport;
import dev.fencecheck.conformance.report.JsonReport;
import dev.fencecheck.conformance.report.ReportFormat;
import dev.fencecheck.conformance.report.RunReport;
import dev.fencecheck.conformance.report.TextReport;
import dev.fencecheck.conformance.run.Baseline;
import dev.fencecheck.conformance.run.ConformanceRunner;
import dev.fencecheck.conformance.run.Result;
import dev.fencecheck.conformance.run.ScenarioRunner;
import dev.fencecheck.conformance.scenarios.StandardScenario;
import dev.fencecheck.conformance.scenarios.StandardScenarios;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fencecheck run}: every driver through every standard scenario, held to every rule. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the conformance suite: every driver plugin on the class path through every",
            "standard scenario, on the kernel model and under the explorer, held to the cross-driver rules.",
            "Driver code runs in driver processes (child JVMs with a bounded heap), --jobs of them at a time.",
            "Exit status: 0 every result as the baselines expect, 1 an unexpected failure or pass, 2 bad input;",
            "interrupted (SIGINT, SIGTERM): 130 or 143, after writing the results so far, marked incomplete."})
final class RunCommand implements Callable<Integer> {
    private static final Pattern SHARD = Pattern.compile("(\\d+)/(\\d+)");

    @Spec
    CommandSpec spec;

    @Option(names = "--driver", paramLabel = "ID", description = "Only this driver (repeatable).")
    List<String> driverIds = new ArrayList<>();

    @Option(names = "--rule", paramLabel = "ID", description = "Only results for this rule (repeatable).")
    List<String> ruleIds = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json, junit, html or dot (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the report here (atomically) instead of stdout.")
    Path output;

    @Option(names = "--baseline", paramLabel = "DIR", defaultValue = "baselines",
            description = "Directory of <driver>-fails.txt files (default: ${DEFAULT-VALUE}).")
    Path baselineDir;

    @Option(names = "--update-baseline", description = "Rewrite the baselines from this run's failures, keeping comments.")
    boolean updateBaseline;

    @Option(names = "--shard", paramLabel = "I/N", description = "Run only the I-th of N equal parts (1-based).")
    String shard;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "The explorer's seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Per (driver, scenario) time limit (default: ${DEFAULT-VALUE}).")
    long timeout;

    @Option(names = "--total-timeout", paramLabel = "SECONDS", defaultValue = "0",
            description = "Limit for the whole run; results not made by then are timeouts (default: none).")
    long totalTimeout;

    @Option(names = "--jobs", paramLabel = "N",
            description = "Driver processes (or, with --in-process, threads) running at a time"
                    + " (default: one per processor, here ${DEFAULT-VALUE}).")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = "--driver-heap", paramLabel = "SIZE", defaultValue = "512m",
            description = "Heap limit of each driver process, as java -Xmx takes it (default: ${DEFAULT-VALUE});"
                    + " a driver that needs more is an error, not the end of the run.")
    String driverHeap;

    @Option(names = "--in-process",
            description = "Run driver code in this JVM instead of driver processes: a driver that exits or exhausts"
                    + " the heap then ends the whole run (for debugging a plugin).")
    boolean inProcess;

    @Option(names = "--max-executions", paramLabel = "N", defaultValue = "200",
            description = "The explorer's budget per (driver, scenario) (default: ${DEFAULT-VALUE}).")
    long maxExecutions;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        ReportFormat writer = switch (format) {
            case "text" -> new TextReport();
            case "json" -> new JsonReport();
            case "junit" -> new JUnitReport();
            case "html" -> new HtmlReport();
            case "dot" -> new DotReport();
            default -> null;
        };
        if (writer == null) {
            err.println("fencecheck run: --format: expected text, json, junit, html or dot, found '" + format + "'");
            return FenceCheck.BAD_INPUT;
        }
        int shardIndex = 1;
        int shardCount = 1;
        if (shard != null) {
            Matcher m = SHARD.matcher(shard);
            if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(1)) < 1
                    || Integer.parseInt(m.group(1)) > Integer.parseInt(m.group(2))) {
                err.println("fencecheck run: --shard: expected I/N with 1 <= I <= N, found '" + shard + "'");
                return FenceCheck.BAD_INPUT;
            }
            shardIndex = Integer.parseInt(m.group(1));
            shardCount = Integer.parseInt(m.group(2));
        }
        if (timeout < 1 || maxExecutions < 1 || jobs < 1) {
            err.println("fencecheck run: --timeout, --max-executions and --jobs must be at least 1");
            return FenceCheck.BAD_INPUT;
        }
        if (!ChildJvm.HEAP.matcher(driverHeap).matches()) {
            err.println("fencecheck run: --driver-heap: expected a size such as 512m or 2g, found '" + driverHeap + "'");
            return FenceCheck.BAD_INPUT;
        }
        boolean badInput = false;
        DriverLoader.Result loaded = DriverLoader.load(RunCommand.class.getClassLoader());
        Map<String, String> notRun = new LinkedHashMap<>();
        for (LoadError e : loaded.errors()) {
            err.println("fencecheck run: plugin error: " + e.describe());
            notRun.put(e.source() + (e.pluginClass() == null ? "" : " (" + e.pluginClass() + ")"), e.message());
            badInput = true;
        }
        List<LoadedDriver> drivers = new ArrayList<>();
        for (LoadedDriver d : loaded.drivers()) {
            if (driverIds.isEmpty() || driverIds.contains(d.descriptor().id())) {
                drivers.add(d);
            }
        }
        for (String id : driverIds) {
            if (loaded.drivers().stream().noneMatch(d -> d.descriptor().id().equals(id))) {
                err.println("fencecheck run: --driver: no driver '" + id + "' (see 'fencecheck list drivers')");
                return FenceCheck.BAD_INPUT;
            }
        }
        Map<String, Baseline> baselines = new LinkedHashMap<>();
        for (LoadedDriver d : drivers) {
            try {
                baselines.put(d.descriptor().id(), Baseline.read(baselineDir, d.descriptor().id()));
            } catch (Baseline.BaselineException e) {
                err.println("fencecheck run: " + e.getMessage());
                return FenceCheck.BAD_INPUT;
            }
        }
        List<StandardScenario> scenarios = StandardScenarios.all();
        List<Result> results = java.util.Collections.synchronizedList(new ArrayList<>());
        // The report is written once: by the main thread when the run ends, or by the shutdown
        // hook when a signal comes first (the main thread may then still see the interrupted
        // tasks end, and must not overwrite the partial report with them).
        java.util.concurrent.atomic.AtomicBoolean reportClaimed = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.CountDownLatch reportWritten = new java.util.concurrent.CountDownLatch(1);
        RunState state = new RunState(drivers, scenarios, results, notRun, writer);
        ConformanceRunner.Options options = new ConformanceRunner.Options(maxExecutions, seed, timeout, 10_000);
        // Driver code runs in driver processes unless asked otherwise: see IsolatedRunner.
        IsolatedRunner isolated = inProcess ? null : new IsolatedRunner(ChildJvm.likeThisJvm(driverHeap, options));
        ScenarioRunner runner = inProcess ? new ConformanceRunner(options) : isolated;
        // SIGINT or SIGTERM: keep the results made so far (taken before the driver processes are
        // killed, so their deaths are not reported as errors), stop the children, write the report.
        Thread hook = new Thread(() -> {
            if (reportClaimed.compareAndSet(false, true)) {
                RunReport partial = state.report(false, seed);
                if (isolated != null) {
                    isolated.close();
                }
                state.write(partial, output, spec.commandLine().getOut());
            } else {
                try {
                    // the main thread is writing the whole report: let it finish
                    reportWritten.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "fencecheck: write the partial report");
        Runtime.getRuntime().addShutdownHook(hook);
        // (driver, scenario) runs are independent: they may run at the same time; they are reported in order.
        List<Task> tasks = new ArrayList<>();
        int index = 0;
        for (LoadedDriver d : drivers) {
            for (StandardScenario s : scenarios) {
                if (index++ % shardCount == shardIndex - 1) {
                    tasks.add(new Task(d, s));
                }
            }
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, jobs), r -> {
                    Thread t = new Thread(r, "fencecheck run");
                    t.setDaemon(true);
                    return t;
                });
        List<java.util.concurrent.Future<List<Result>>> futures = new ArrayList<>();
        for (Task t : tasks) {
            futures.add(pool.submit(() -> runner.run(t.driver(), t.scenario())));
        }
        boolean complete = true;
        long deadline = totalTimeout > 0 ? System.nanoTime() + totalTimeout * 1_000_000_000L : Long.MAX_VALUE;
        for (int i = 0; i < tasks.size(); i++) {
            Task t = tasks.get(i);
            List<Result> rs;
            try {
                long left = deadline - System.nanoTime();
                rs = left <= 0 && !futures.get(i).isDone() ? overallTimeout(t)
                        : futures.get(i).get(Math.max(left, 1), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                futures.get(i).cancel(true);
                rs = overallTimeout(t);
            } catch (java.util.concurrent.ExecutionException e) {
                rs = List.of(new Result(t.driver().descriptor().id(), t.scenario().id(), t.scenario().deadlockRule(),
                        dev.fencecheck.conformance.run.Status.ERROR, "the suite failed: " + e.getCause(), List.of(),
                        List.of(), false));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                complete = false;
                break;
            }
            Baseline b = baselines.get(t.driver().descriptor().id());
            for (Result r : rs) {
                if (ruleIds.isEmpty() || ruleIds.contains(r.rule())) {
                    results.add(r.withExpected(b.expects(r)));
                }
            }
            err.println("[" + (i + 1) + "/" + tasks.size() + "] " + t.driver().descriptor().id() + "/"
                    + t.scenario().id() + ": " + summary(rs));
            err.flush();
        }
        pool.shutdownNow();
        if (isolated != null) {
            isolated.close();
        }
        if (!reportClaimed.compareAndSet(false, true)) {
            return FenceCheck.UNEXPECTED; // a signal came first: the hook writes the report, the JVM exits 130 or 143
        }
        RunReport report = state.report(complete, seed);
        try {
            if (updateBaseline) {
                updateBaselines(drivers, report);
            }
            String text = writer.render(report);
            if (output != null) {
                AtomicFile.write(output, text);
                err.println(TextReport.summary(report));
            } else {
                spec.commandLine().getOut().print(text);
                spec.commandLine().getOut().flush();
            }
        } catch (IOException e) {
            err.println("fencecheck run: cannot write " + (output == null ? "the report" : output) + ": " + e.getMessage());
            return FenceCheck.BAD_INPUT;
        } finally {
            reportWritten.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down
            }
        }
        if (report.unexpected() > 0 && !updateBaseline) {
            return FenceCheck.UNEXPECTED;
        }
        return badInput ? FenceCheck.BAD_INPUT : FenceCheck.OK;
    }

    /** One (driver, scenario) run. */
    private record Task(LoadedDriver driver, StandardScenario scenario) {
    }

    private List<Result> overallTimeout(Task t) {
        List<Result> out = new ArrayList<>();
        for (String rule : t.scenario().rules()) {
            out.add(new Result(t.driver().descriptor().id(), t.scenario().id(), rule,
                    dev.fencecheck.conformance.run.Status.TIMEOUT,
                    "not run: the whole run reached --total-timeout " + totalTimeout + " s", List.of(), List.of(),
                    false));
        }
        return out;
    }

    private void updateBaselines(List<LoadedDriver> drivers, RunReport report) throws IOException {
        Files.createDirectories(baselineDir);
        for (LoadedDriver d : drivers) {
            String id = d.descriptor().id();
            Path file = Baseline.fileFor(baselineDir, id);
            List<String> old = Files.exists(file) ? Files.readAllLines(file) : List.of();
            AtomicFile.write(file, Baseline.render(id, report.of(id), old));
        }
    }

    private static String summary(List<Result> rs) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Result r : rs) {
            counts.merge(r.status().word(), 1, Integer::sum);
        }
        return counts.toString().replaceAll("[{}]", "");
    }

    /** What the run has so far, so that an interrupted run can still be written. */
    private record RunState(List<LoadedDriver> drivers, List<StandardScenario> scenarios, List<Result> results,
                            Map<String, String> notRun, ReportFormat writer) {
        RunReport report(boolean complete, long seed) {
            List<Result> copy;
            synchronized (results) {
                copy = new ArrayList<>(results);
            }
            return new RunReport(drivers.stream().map(d -> d.descriptor().id()).toList(),
                    scenarios.stream().map(StandardScenario::id).toList(), copy, notRun, complete, seed);
        }

        void write(RunReport report, Path output, PrintWriter out) {
            String text = writer.render(report);
            try {
                if (output != null) {
                    AtomicFile.write(output, text);
                } else {
                    out.print(text);
                    out.flush();
                }
            } catch (IOException e) {
                System.err.println("fencecheck run: cannot write the partial report: " + e.getMessage());
            }
        }
    }
}
