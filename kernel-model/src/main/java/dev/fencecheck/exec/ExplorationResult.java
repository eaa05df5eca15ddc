package dev.fencecheck.exec;

import java.util.List;

/**
 * What the explorer found.
 *
 * @param executions  how many complete or blocked executions were explored
 * @param complete    whether every schedule class was explored within the budget
 * @param deadlock    the first deadlock found, or null
 * @param steps       how many steps were run in all, replays included
 */
public record ExplorationResult(long executions, boolean complete, Deadlock deadlock, long steps) {

    /**
     * A reachable state in which every unfinished thread is blocked.
     *
     * @param schedule the steps that lead there, in order
     * @param blocked  for each blocked thread, what it waits for
     */
    public record Deadlock(List<Step> schedule, List<String> blocked) {
        public Deadlock {
            schedule = List.copyOf(schedule);
            blocked = List.copyOf(blocked);
        }

        /** The schedule as a replayable string of thread names, e.g. {@code "t1 t2 t1 t2"}. */
        public String scheduleString() {
            return String.join(" ", schedule.stream().map(Step::thread).toList());
        }
    }
}
