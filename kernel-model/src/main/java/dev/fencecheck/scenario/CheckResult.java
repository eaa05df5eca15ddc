package dev.fencecheck.scenario;

import dev.fencecheck.lockdep.Finding;
import java.util.List;

/**
 * The lockdep-mode verdict on one scenario.
 *
 * @param scenario the scenario checked
 * @param findings every finding, in the order they were made
 * @param pass     whether the findings match the expectations; null when none are stated
 */
public record CheckResult(Scenario scenario, List<Finding> findings, Boolean pass) {
    public CheckResult {
        findings = List.copyOf(findings);
    }
}
