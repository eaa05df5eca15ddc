package dev.fencecheck.conformance.run;

import dev.fencecheck.conformance.plugin.LoadedDriver;
import dev.fencecheck.conformance.scenarios.DisplayCommitTail;
import dev.fencecheck.conformance.scenarios.RuleViolation;
import dev.fencecheck.conformance.scenarios.StandardScenario;
import dev.fencecheck.exec.ModelHangException;
import dev.fencecheck.exec.Step;
import dev.fencecheck.kernel.model.DriverModel;
import dev.fencecheck.kernel.model.ModelExploration;
import dev.fencecheck.kernel.model.ModelKernel;
import dev.fencecheck.lockdep.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one driver through one standard scenario on the explorer (the validator watches every
 * execution, so lockdep-mode findings and explored deadlocks come out of one run) and turns what
 * it found into one result per rule. A driver that throws, hangs or runs past the per-result
 * timeout gets error or timeout results; nothing it does stops the other results.
 */
public final class ConformanceRunner implements ScenarioRunner {
    /**
     * @param maxExecutions  the explorer's budget per (driver, scenario)
     * @param seed           permutes the explorer's thread order
     * @param timeoutSeconds per (driver, scenario)
     * @param stepMillis     how long driver code may run between two kernel operations
     */
    public record Options(long maxExecutions, long seed, long timeoutSeconds, long stepMillis) {
        public static Options defaults() {
            return new Options(200, 0, 60, 10_000);
        }
    }

    private final Options options;

    public ConformanceRunner(Options options) {
        this.options = options;
    }

    @Override
    public List<Result> run(LoadedDriver driver, StandardScenario scenario) {
        String id = driver.descriptor().id();
        String skip;
        try {
            skip = scenario.skipReason(driver.descriptor());
        } catch (RuntimeException e) {
            skip = null;
        }
        if (skip != null) {
            return all(id, scenario, Status.SKIP, skip);
        }
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "conformance " + id + "/" + scenario.id());
            t.setDaemon(true);
            return t;
        });
        Future<ModelExploration.Result> future = worker.submit(() -> DriverModel.explore(driver.provider(),
                scenario.memory(), scenario::threads, options.maxExecutions(), options.stepMillis()));
        try {
            return results(id, scenario, future.get(options.timeoutSeconds(), TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            future.cancel(true);
            return all(id, scenario, Status.TIMEOUT, "no result within " + options.timeoutSeconds()
                    + " s (raise --timeout, or look for a driver path that never returns)");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return all(id, scenario, Status.TIMEOUT, "interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ModelHangException) {
                return all(id, scenario, Status.TIMEOUT, cause.getMessage());
            }
            return all(id, scenario, Status.ERROR, "the driver threw while the model was set up: "
                    + describe(cause));
        } finally {
            worker.shutdownNow();
        }
    }

    private static List<Result> results(String driver, StandardScenario scenario, ModelExploration.Result r) {
        // What the scenario's and the driver's code threw decides first: a rule the scenario saw
        // broken, a missing capability (a skip), or a driver bug (an error).
        Map<String, String> violations = new LinkedHashMap<>();
        for (Throwable e : r.thrown()) {
            if (e instanceof RuleViolation v) {
                violations.putIfAbsent(v.rule(), v.getMessage().substring(v.rule().length() + 2));
            } else if (e instanceof DisplayCommitTail.NoDisplay) {
                return all(driver, scenario, Status.SKIP, "the driver has no display");
            } else if (e instanceof UnsupportedOperationException) {
                return all(driver, scenario, Status.SKIP, "the driver does not support it: " + e.getMessage());
            }
        }
        List<String> failures = r.failures().stream()
                .filter(f -> !f.contains(RuleViolation.class.getName())).toList();
        if (!failures.isEmpty()) {
            return all(driver, scenario, Status.ERROR, "the driver threw: " + failures.get(0)
                    + (failures.size() > 1 ? " (and " + (failures.size() - 1) + " more)" : ""));
        }
        Map<String, List<ModelKernel.ScheduledFinding>> byRule = new LinkedHashMap<>();
        for (String rule : scenario.rules()) {
            byRule.put(rule, new ArrayList<>());
        }
        for (ModelKernel.ScheduledFinding f : r.findings()) {
            String rule = f.finding().rule() != null ? f.finding().rule() : f.finding().kind().id();
            byRule.computeIfAbsent(rule, k -> new ArrayList<>()).add(f);
        }
        for (String rule : violations.keySet()) {
            byRule.computeIfAbsent(rule, k -> new ArrayList<>());
        }
        List<Result> out = new ArrayList<>();
        for (Map.Entry<String, List<ModelKernel.ScheduledFinding>> e : byRule.entrySet()) {
            String rule = e.getKey();
            List<Finding> findings = e.getValue().stream().map(ModelKernel.ScheduledFinding::finding).toList();
            List<Step> schedule = e.getValue().isEmpty() ? List.of() : e.getValue().get(0).schedule();
            String reason = findings.isEmpty() ? "" : findings.get(0).message();
            boolean deadlocked = r.exploration().deadlock() != null && rule.equals(scenario.deadlockRule());
            if (deadlocked) {
                schedule = r.exploration().deadlock().schedule();
                reason = "deadlock: " + String.join("; ", r.exploration().deadlock().blocked());
            }
            String violation = violations.remove(rule);
            if (violation != null && findings.isEmpty() && !deadlocked) {
                reason = violation;
            }
            Status status = findings.isEmpty() && !deadlocked && violation == null ? Status.PASS : Status.FAIL;
            out.add(new Result(driver, scenario.id(), rule, status, reason, findings, schedule, false));
        }
        return out;
    }

    /** One result per rule of the scenario, all with this status and reason. */
    public static List<Result> all(String driver, StandardScenario scenario, Status status, String reason) {
        List<Result> out = new ArrayList<>();
        for (String rule : scenario.rules()) {
            out.add(new Result(driver, scenario.id(), rule, status, reason, List.of(), List.of(), false));
        }
        return out;
    }

    private static String describe(Throwable e) {
        StackTraceElement where = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
        return e + (where == null ? "" : " at " + where.getFileName() + ":" + where.getLineNumber());
    }
}
