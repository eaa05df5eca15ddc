package dev.fencecheck.lockdep;

/**
 * A validator table is full. Lockdep turns itself off silently in this case ("BUG:
 * MAX_LOCKDEP_ENTRIES too low!"); fencecheck stops loudly instead, so that a run never
 * passes because checking was switched off.
 */
public final class CapacityExceededException extends RuntimeException {
    public CapacityExceededException(String what, int limit) {
        super("validator capacity exceeded: more than " + limit + " " + what
                + " (raise it with ValidatorOptions.withLimits)");
    }
}
