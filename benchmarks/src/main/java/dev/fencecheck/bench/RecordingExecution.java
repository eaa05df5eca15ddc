package dev.fencecheck.bench;

import dev.fencecheck.exec.Execution;
import dev.fencecheck.exec.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * Wraps an execution and writes down, for every step run, who ran it, on which object and
 * whether it was a read: what {@link EquivalenceClasses} needs to tell which schedules are
 * reorderings of one another, whichever explorer produced them.
 */
final class RecordingExecution implements Execution {
    /** One step: its thread, object (by its text, stable across executions), read flag and outcome. */
    record Event(int thread, String object, boolean read, String operation) {
    }

    private final Execution inner;
    private final List<Event> events = new ArrayList<>();

    RecordingExecution(Execution inner) {
        this.inner = inner;
    }

    List<Event> events() {
        return events;
    }

    @Override
    public int threadCount() {
        return inner.threadCount();
    }

    @Override
    public String threadName(int thread) {
        return inner.threadName(thread);
    }

    @Override
    public boolean finished(int thread) {
        return inner.finished(thread);
    }

    @Override
    public boolean enabled(int thread) {
        return inner.enabled(thread);
    }

    @Override
    public Object nextObject(int thread) {
        return inner.nextObject(thread);
    }

    @Override
    public boolean nextIsRead(int thread) {
        return inner.nextIsRead(thread);
    }

    @Override
    public Step step(int thread) {
        Object o = inner.nextObject(thread);
        boolean read = o != null && inner.nextIsRead(thread);
        Step s = inner.step(thread);
        events.add(new Event(thread, o == null ? null : o.toString(), read, outcome(s.operation())));
        return s;
    }

    /**
     * The step's outcome without who held the lock it blocked on: that list changes with the
     * order of reads it commutes with (readers releasing), the outcome does not.
     */
    static String outcome(String operation) {
        int blocks = operation.indexOf(" (blocks");
        return blocks < 0 ? operation : operation.substring(0, blocks) + " (blocks)";
    }

    @Override
    public String blockedOn(int thread) {
        return inner.blockedOn(thread);
    }

    @Override
    public void close() {
        inner.close();
    }
}
