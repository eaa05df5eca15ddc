package dev.fencecheck.conformance.scenarios;

/**
 * Thrown by a scenario's thread when the driver breaks a rule that only the scenario can see
 * (e.g. a fence returned for work that relies on recoverable faults): a failure of that rule.
 */
public final class RuleViolation extends RuntimeException {
    private final String rule;

    public RuleViolation(String rule, String message) {
        super(rule + ": " + message, null, false, false);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
