package dev.fencecheck.scenario;

import dev.fencecheck.exec.ExplorationResult;
import dev.fencecheck.lockdep.Finding;
import java.util.List;

/**
 * The explore-mode verdict on one scenario: the validator's findings (as {@code check} makes
 * them), and what exploring the interleavings found.
 *
 * @param scenario    the scenario
 * @param findings    the validator's findings
 * @param exploration the explorer's result (executions, completeness, the first deadlock)
 * @param pass        whether everything matches the expect lines; null when there are none
 */
public record ExploreResult(Scenario scenario, List<Finding> findings, ExplorationResult exploration,
                            Boolean pass) {
    public ExploreResult {
        findings = List.copyOf(findings);
    }

    /** The finding names, {@code deadlock} included, as compared with the expect lines. */
    public List<String> labels() {
        List<String> out = new java.util.ArrayList<>(findings.stream().map(Finding::label).toList());
        if (exploration.deadlock() != null) {
            out.add("deadlock");
        }
        return out;
    }
}
