package dev.fencecheck.conformance.run;

/** The outcome of one (driver, scenario, rule). */
public enum Status {
    /** The rule held in every explored execution. */
    PASS,
    /** The rule was broken: a finding under it, or a deadlock the scenario attributes to it. */
    FAIL,
    /** The driver lacks a capability the scenario needs. */
    SKIP,
    /** The driver's code threw. */
    ERROR,
    /** The run took longer than the per-result timeout, or the driver's code hung. */
    TIMEOUT;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
