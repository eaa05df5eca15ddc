package dev.fencecheck.scenario;

import dev.fencecheck.lockdep.ExecContext;

/** The {@code context} of a thread declaration. */
public enum ThreadContext {
    PROCESS("process", ExecContext.TASK),
    KTHREAD("kthread", ExecContext.TASK),
    SOFTIRQ("softirq", ExecContext.SOFTIRQ),
    HARDIRQ("hardirq", ExecContext.HARDIRQ);

    private final String keyword;
    private final ExecContext exec;

    ThreadContext(String keyword, ExecContext exec) {
        this.keyword = keyword;
        this.exec = exec;
    }

    public String keyword() {
        return keyword;
    }

    public ExecContext exec() {
        return exec;
    }

    public static ThreadContext byKeyword(String word) {
        for (ThreadContext c : values()) {
            if (c.keyword.equals(word)) {
                return c;
            }
        }
        return null;
    }
}
