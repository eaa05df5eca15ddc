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

    /** The rule and reason from a failure text {@code "... RuleViolation: RULE: reason ..."}, or null. */
    static String[] parse(String failure) {
        String marker = RuleViolation.class.getSimpleName() + ": ";
        int at = failure.indexOf(marker);
        if (at < 0) {
            return null;
        }
        String rest = failure.substring(at + marker.length());
        int colon = rest.indexOf(": ");
        return colon < 0 ? null : new String[] {rest.substring(0, colon), rest.substring(colon + 2)};
    }

    /** Public access for the runner. */
    public static String[] ruleAndReason(String failure) {
        return parse(failure);
    }
}
