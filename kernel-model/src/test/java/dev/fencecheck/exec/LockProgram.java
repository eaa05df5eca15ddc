package dev.fencecheck.exec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A synthetic model for the explorer: each thread runs a fixed list of operations,
 * {@code "lock X"} (blocks while another thread holds X), {@code "unlock X"}, {@code "touch X"}
 * (an access to shared object X) and {@code "local"} (touches nothing shared). Counts the
 * executions made and closed, so that tests can see that none is leaked.
 */
final class LockProgram implements Execution {
    private final List<List<String>> threads;
    private final int[] pc;
    private final Map<String, Integer> owner = new HashMap<>();
    /** The shared objects of this execution: new ones in every execution, equal only to themselves. */
    private final Map<String, Object> objects = new HashMap<>();
    private final AtomicInteger closed;

    LockProgram(List<List<String>> threads, AtomicInteger made, AtomicInteger closed) {
        this.threads = threads;
        this.pc = new int[threads.size()];
        this.closed = closed;
        made.incrementAndGet();
    }

    LockProgram(List<List<String>> threads) {
        this(threads, new AtomicInteger(), new AtomicInteger());
    }

    @Override
    public int threadCount() {
        return threads.size();
    }

    @Override
    public String threadName(int thread) {
        return "t" + java.util.Objects.checkIndex(thread, threads.size());
    }

    @Override
    public boolean finished(int thread) {
        return pc[thread] == threads.get(thread).size();
    }

    private String op(int thread) {
        return threads.get(thread).get(pc[thread]);
    }

    @Override
    public boolean enabled(int thread) {
        if (finished(thread)) {
            return false;
        }
        String op = op(thread);
        return !op.startsWith("lock ") || !owner.containsKey(object(op));
    }

    private static String object(String op) {
        int space = op.indexOf(' ');
        return space < 0 ? null : op.substring(space + 1);
    }

    @Override
    public Object nextObject(int thread) {
        String name = object(op(thread));
        return name == null ? null : objects.computeIfAbsent(name, n -> new Object() {
            @Override
            public String toString() {
                return n;
            }
        });
    }

    @Override
    public Step step(int thread) {
        if (!enabled(thread)) {
            throw new IllegalStateException("t" + thread + " is not enabled");
        }
        String op = op(thread);
        if (op.startsWith("lock ")) {
            owner.put(object(op), thread);
        } else if (op.startsWith("unlock ")) {
            owner.remove(object(op));
        }
        pc[thread]++;
        return new Step(threadName(thread), op, "op " + pc[thread]);
    }

    @Override
    public String blockedOn(int thread) {
        String op = op(thread);
        return op + ", held by t" + owner.get(object(op));
    }

    @Override
    public void close() {
        closed.incrementAndGet();
    }

    /** Whether every unfinished thread is blocked (no thread enabled) while some is unfinished. */
    boolean deadlocked() {
        boolean unfinished = false;
        for (int t = 0; t < pc.length; t++) {
            if (enabled(t)) {
                return false;
            }
            unfinished |= !finished(t);
        }
        return unfinished;
    }
}
