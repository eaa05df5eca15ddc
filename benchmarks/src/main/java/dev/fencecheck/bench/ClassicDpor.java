package dev.fencecheck.bench;

import dev.fencecheck.exec.Execution;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The baseline: classic dynamic partial-order reduction as published (Flanagan and Godefroid,
 * POPL 2005, figure 3: persistent sets grown by backtracking points at races, with clock
 * vectors for happens-before) combined with sleep sets (Godefroid 1996), written from the
 * paper as a recursive search, independently of {@link dev.fencecheck.exec.Explorer}. It works
 * against the same {@link Execution} interface and the same dependency relation (one object,
 * not both reads), replaying from a fresh execution whenever it returns to an earlier state.
 */
public final class ClassicDpor {
    /** What the search found: complete or blocked executions, steps run (replays included), deadlocks. */
    public record Result(long executions, long steps, long deadlocks) {
    }

    private final Supplier<? extends Execution> factory;
    private final Consumer<Execution> onEnd;
    private final List<Transition> stack = new ArrayList<>();
    private Execution exec;
    private int execDepth;
    private int[][] clocks;
    private int threads;
    private long executions;
    private long steps;
    private long deadlocks;

    /** pre(S, i) and, once taken, the transition S_i from it. */
    private static final class Transition {
        final BitSet enabled = new BitSet();
        final BitSet backtrack = new BitSet();
        final BitSet done = new BitSet();
        Object[] next;
        boolean[] nextRead;
        int proc = -1;
        int[] clock;
    }

    public ClassicDpor(Supplier<? extends Execution> factory, Consumer<Execution> onEnd) {
        this.factory = factory;
        this.onEnd = onEnd;
    }

    public static Result explore(Supplier<? extends Execution> factory) {
        return new ClassicDpor(factory, e -> { }).run();
    }

    public Result run() {
        exec = factory.get();
        threads = exec.threadCount();
        clocks = new int[threads][threads];
        try {
            explore(new BitSet());
        } finally {
            exec.close();
        }
        return new Result(executions, steps, deadlocks);
    }

    /** Explore(S): S is the stack; the execution is in last(S). */
    private void explore(BitSet sleep) {
        Transition s = new Transition();
        s.next = new Object[threads];
        s.nextRead = new boolean[threads];
        readState(s);
        addBacktrackPoints(s);
        if (s.enabled.isEmpty()) {
            executions++;
            if (EquivalenceClasses.blocked(exec)) {
                deadlocks++;
            }
            onEnd.accept(exec);
            return;
        }
        BitSet awake = (BitSet) s.enabled.clone();
        awake.andNot(sleep);
        if (awake.isEmpty()) {
            return; // sleep-set blocked: every continuation is covered elsewhere
        }
        s.backtrack.set(awake.nextSetBit(0));
        stack.add(s);
        int p;
        while ((p = pick(s, sleep)) >= 0) {
            s.done.set(p);
            ensureAt(stack.size() - 1);
            take(s, p);
            BitSet childSleep = new BitSet();
            for (int q = sleep.nextSetBit(0); q >= 0; q = sleep.nextSetBit(q + 1)) {
                if (!dependent(s.next[q], s.nextRead[q], s.next[p], s.nextRead[p])) {
                    childSleep.set(q);
                }
            }
            explore(childSleep);
            sleep.set(p);
        }
        stack.remove(stack.size() - 1);
    }

    private void readState(Transition s) {
        for (int t = 0; t < threads; t++) {
            if (exec.enabled(t)) {
                s.enabled.set(t);
            }
            s.next[t] = exec.finished(t) ? null : exec.nextObject(t);
            s.nextRead[t] = s.next[t] != null && exec.nextIsRead(t);
        }
    }

    /**
     * For every process p: the last transition i of another process that is dependent with
     * next(s, p) and does not happen before p. If p could run at pre(S, i), p is added to its
     * backtrack set, otherwise every process enabled there.
     */
    private void addBacktrackPoints(Transition s) {
        for (int p = 0; p < threads; p++) {
            if (s.next[p] == null) {
                continue;
            }
            for (int i = stack.size() - 1; i >= 0; i--) {
                Transition t = stack.get(i);
                int q = t.proc;
                if (q == p || !dependent(t.next[q], t.nextRead[q], s.next[p], s.nextRead[p])) {
                    continue;
                }
                if (i + 1 > clocks[p][q]) { // not i -> p
                    if (t.enabled.get(p)) {
                        t.backtrack.set(p);
                    } else {
                        t.backtrack.or(t.enabled);
                    }
                    break;
                }
            }
        }
    }

    private static int pick(Transition s, BitSet sleep) {
        for (int p = s.backtrack.nextSetBit(0); p >= 0; p = s.backtrack.nextSetBit(p + 1)) {
            if (!s.done.get(p) && !sleep.get(p)) {
                return p;
            }
        }
        return -1;
    }

    /** Runs p from the top of the stack and computes the clock vector of the transition. */
    private void take(Transition s, int p) {
        s.proc = p;
        exec.step(p);
        steps++;
        execDepth++;
        int i = stack.size() - 1;
        int[] c = clocks[p].clone();
        for (int j = 0; j < i; j++) {
            Transition t = stack.get(j);
            if (dependent(t.next[t.proc], t.nextRead[t.proc], s.next[p], s.nextRead[p])) {
                for (int k = 0; k < threads; k++) {
                    c[k] = Math.max(c[k], t.clock[k]);
                }
            }
        }
        c[p] = i + 1;
        s.clock = c;
        clocks[p] = c.clone();
    }

    /** Brings the execution (and the clocks) back to pre(S, depth) by a replay from the start. */
    private void ensureAt(int depth) {
        if (execDepth == depth) {
            return;
        }
        exec.close();
        exec = factory.get();
        execDepth = 0;
        clocks = new int[threads][threads];
        for (int i = 0; i < depth; i++) {
            Transition t = stack.get(i);
            for (int q = 0; q < threads; q++) {
                t.next[q] = exec.finished(q) ? null : exec.nextObject(q);
            }
            exec.step(t.proc);
            steps++;
            execDepth++;
            clocks[t.proc] = t.clock.clone();
        }
        Transition top = stack.get(depth);
        for (int q = 0; q < threads; q++) {
            top.next[q] = exec.finished(q) ? null : exec.nextObject(q);
        }
    }

    private static boolean dependent(Object a, boolean aRead, Object b, boolean bRead) {
        return a != null && a.equals(b) && !(aRead && bRead);
    }
}
