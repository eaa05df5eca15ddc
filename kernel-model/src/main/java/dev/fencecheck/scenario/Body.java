package dev.fencecheck.scenario;

import java.util.List;

/**
 * A {@code thread}, {@code shrinker} or {@code notifier} block.
 *
 * @param kind    which of the three
 * @param name    its name
 * @param context the thread's context (shrinkers and notifiers run in {@code kthread})
 * @param ops     its operations in order
 * @param line    the line that opens it
 */
public record Body(Kind kind, String name, ThreadContext context, List<Op> ops, int line) {
    public enum Kind { THREAD, SHRINKER, NOTIFIER }

    public Body {
        ops = List.copyOf(ops);
    }
}
