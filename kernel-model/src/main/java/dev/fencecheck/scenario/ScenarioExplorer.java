package dev.fencecheck.scenario;

import dev.fencecheck.exec.ExplorationResult;
import dev.fencecheck.exec.Explorer;
import dev.fencecheck.lockdep.Finding;
import java.util.List;

/**
 * {@code fencecheck explore}: the validator's verdict (as {@code check}), plus an exploration of
 * the threads' interleavings on the deterministic executor that looks for a deadlock.
 */
public final class ScenarioExplorer {
    /** Default budget of executions per scenario. */
    public static final long DEFAULT_MAX_EXECUTIONS = 100_000;

    private ScenarioExplorer() {
    }

    /** A fresh run of the scenario's threads on the deterministic executor. */
    public static dev.fencecheck.exec.Execution newExecution(Scenario scenario) {
        return new ScenarioExecution(scenario);
    }

    /**
     * Fresh runs of the scenario, one per call, sharing what does not change between them (the
     * explorer makes one per explored execution).
     */
    public static java.util.function.Supplier<dev.fencecheck.exec.Execution> executions(Scenario scenario) {
        ScenarioExecution.Plan plan = new ScenarioExecution.Plan(scenario);
        return () -> new ScenarioExecution(plan);
    }

    public static ExploreResult explore(Scenario scenario, long maxExecutions, long seed) {
        CheckResult check = ScenarioChecker.check(scenario);
        ExplorationResult exploration = new Explorer(executions(scenario), maxExecutions, 0, seed)
                .explore();
        return new ExploreResult(scenario, check.findings(), exploration,
                judge(scenario.expectations(), check.findings(), exploration));
    }

    /**
     * The result of replaying a schedule.
     *
     * @param steps the steps run
     * @param state after the last step: which threads finished, which are blocked and on what
     * @param error why the schedule could not be followed to the end, or null
     */
    public record Replay(List<dev.fencecheck.exec.Step> steps, String state, String error) {
    }

    /** Runs the threads named in {@code schedule}, one step each, from the initial state. */
    public static Replay replay(Scenario scenario, List<String> schedule) {
        ScenarioExecution e = new ScenarioExecution(scenario);
        List<dev.fencecheck.exec.Step> steps = new java.util.ArrayList<>();
        for (String name : schedule) {
            int t = -1;
            for (int i = 0; i < e.threadCount(); i++) {
                if (e.threadName(i).equals(name)) {
                    t = i;
                }
            }
            if (t < 0) {
                return new Replay(steps, "", "step " + (steps.size() + 1) + ": there is no thread '" + name + "'");
            }
            if (!e.enabled(t)) {
                return new Replay(steps, "", "step " + (steps.size() + 1) + ": thread '" + name + "' cannot run ("
                        + (e.finished(t) ? "finished" : "blocked: " + e.blockedOn(t)) + ")");
            }
            steps.add(e.step(t));
        }
        StringBuilder state = new StringBuilder();
        for (int i = 0; i < e.threadCount(); i++) {
            state.append("  ").append(e.threadName(i)).append(": ")
                    .append(e.finished(i) ? "finished" : e.enabled(i) ? "runnable" : "blocked at " + e.blockedOn(i));
            if (i < e.threadCount() - 1) {
                state.append('\n');
            }
        }
        return new Replay(steps, state.toString(), null);
    }

    /**
     * Every expected finding present, {@code deadlock} included, and every finding named by an
     * expect line; {@code no-deadlock} holds when no deadlock was found. Null without expect lines.
     */
    static Boolean judge(Expectations e, List<Finding> findings, ExplorationResult exploration) {
        boolean deadlocked = exploration.deadlock() != null;
        if (!e.statesLockdepVerdict() && e.deadlock() == null) {
            return null;
        }
        if (Boolean.TRUE.equals(e.deadlock()) != deadlocked) {
            return false;
        }
        if (e.clean()) {
            return findings.isEmpty();
        }
        for (String name : e.findings()) {
            if (findings.stream().noneMatch(f -> Expectations.names(name, f))) {
                return false;
            }
        }
        for (Finding f : findings) {
            if (e.findings().stream().noneMatch(name -> Expectations.names(name, f))) {
                return false;
            }
        }
        return true;
    }
}
