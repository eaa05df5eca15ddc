package dev.fencecheck.conformance.run;

import dev.fencecheck.exec.Step;
import dev.fencecheck.lockdep.Finding;
import java.util.List;

/**
 * One result: a driver, a scenario, a rule, and what happened.
 *
 * @param driver    the driver id
 * @param scenario  the scenario id
 * @param rule      the rule id (or a plain lockdep finding kind)
 * @param status    pass, fail, skip, error or timeout
 * @param reason    for skip, error and timeout: why; for fail: a one-line summary
 * @param findings  the findings under this rule, each with the report
 * @param schedule  for a failure the explorer found, the steps that lead there
 * @param expected  whether the baseline expects this status
 */
public record Result(String driver, String scenario, String rule, Status status, String reason,
                     List<Finding> findings, List<Step> schedule, boolean expected) {
    public Result {
        findings = List.copyOf(findings);
        schedule = List.copyOf(schedule);
    }

    /** {@code <driver>/<scenario>/<RULE-ID>}. */
    public String name() {
        return driver + "/" + scenario + "/" + rule;
    }

    /** {@code <scenario>/<RULE-ID>}, as baselines name it. */
    public String key() {
        return scenario + "/" + rule;
    }

    public Result withExpected(boolean isExpected) {
        return new Result(driver, scenario, rule, status, reason, findings, schedule, isExpected);
    }
}
