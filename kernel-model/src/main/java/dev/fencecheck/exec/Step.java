package dev.fencecheck.exec;

/**
 * One executed step of a schedule.
 *
 * @param thread    the thread's name
 * @param operation what it did, e.g. {@code "lock B"} or {@code "lock B (blocks: held by t2)"}
 * @param where     where in the scenario or model, e.g. {@code "line 9"}
 */
public record Step(String thread, String operation, String where) {
    public String describe() {
        return thread + ": " + operation + (where == null || where.isEmpty() ? "" : " (" + where + ")");
    }
}
