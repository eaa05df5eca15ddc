package dev.fencecheck.exec;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Enumerates the schedules of an {@link Execution} with dynamic partial-order reduction
 * (Flanagan and Godefroid, "Dynamic partial-order reduction for model checking software",
 * POPL 2005) and sleep sets (Godefroid 1996): schedules that only reorder independent steps
 * are explored once. The exploration is stateless: every new execution is replayed from a
 * fresh {@link Execution} up to the point where it branches off.
 *
 * <p>Deterministic: the same model, seed and budget give the same executions in the same order.
 * The seed only permutes which thread is tried first at every branch.
 */
public final class Explorer {
    private final Supplier<? extends Execution> factory;
    private final long maxExecutions;
    private final long deadlineNanos;
    private final int[] preference;

    private final List<Node> nodes = new ArrayList<>();
    private final List<Step> trace = new ArrayList<>();
    private Execution exec;
    private ExecutionListener listener = (execution, deadlocked) -> { };
    private int[][] threadClock;
    private int threads;
    private long steps;

    /** The state before one step of the current execution, and what was tried from it. */
    private static final class Node {
        final BitSet enabled = new BitSet();
        final BitSet backtrack = new BitSet();
        final BitSet done = new BitSet();
        final BitSet sleep = new BitSet();
        Object[] nextObjects;
        int chosen = -1;
        Object object;
        int[] clock;
    }

    /**
     * @param factory       makes a fresh execution in the initial state
     * @param maxExecutions budget of executions
     * @param maxMillis     budget of time (0 for none); hitting it makes the result depend on speed
     * @param seed          permutes the order in which threads are tried (0: declaration order)
     */
    public Explorer(Supplier<? extends Execution> factory, long maxExecutions, long maxMillis, long seed) {
        this.factory = Objects.requireNonNull(factory);
        this.maxExecutions = maxExecutions;
        this.deadlineNanos = maxMillis <= 0 ? Long.MAX_VALUE : System.nanoTime() + maxMillis * 1_000_000L;
        Execution probe = factory.get();
        int n = probe.threadCount();
        probe.close();
        this.preference = new int[n];
        for (int i = 0; i < n; i++) {
            preference[i] = i;
        }
        if (seed != 0) {
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int tmp = preference[i];
                preference[i] = preference[j];
                preference[j] = tmp;
            }
        }
    }

    /** Called at the end of every complete or blocked execution, before the explorer moves on. */
    @FunctionalInterface
    public interface ExecutionListener {
        void executionEnded(Execution execution, boolean deadlocked);
    }

    /** Sets the listener told about the end of every execution (for end-of-run checks). */
    public Explorer onExecutionEnd(ExecutionListener listener) {
        this.listener = Objects.requireNonNull(listener);
        return this;
    }

    public ExplorationResult explore() {
        try {
            return run();
        } finally {
            if (exec != null) {
                exec.close();
            }
        }
    }

    private ExplorationResult run() {
        long executions = 0;
        ExplorationResult.Deadlock deadlock = null;
        start();
        pushNode(new BitSet());
        while (true) {
            Node node = nodes.get(nodes.size() - 1);
            if (node.enabled.isEmpty()) {
                executions++;
                boolean deadlocked = !allFinished();
                if (deadlock == null && deadlocked) {
                    deadlock = new ExplorationResult.Deadlock(trace, blockedThreads());
                }
                listener.executionEnded(exec, deadlocked);
                if (!backtrack()) {
                    return new ExplorationResult(executions, true, deadlock, steps);
                }
                if (executions >= maxExecutions || System.nanoTime() > deadlineNanos) {
                    return new ExplorationResult(executions, false, deadlock, steps);
                }
                continue;
            }
            if (Thread.currentThread().isInterrupted()) {
                // The caller gave up (a per-result timeout): stop with what was found.
                return new ExplorationResult(executions, false, deadlock, steps);
            }
            int p = candidate(node);
            if (p < 0) {
                // Every enabled thread sleeps: all continuations were explored elsewhere.
                if (!backtrack()) {
                    return new ExplorationResult(executions, true, deadlock, steps);
                }
                if (executions >= maxExecutions || System.nanoTime() > deadlineNanos) {
                    return new ExplorationResult(executions, false, deadlock, steps);
                }
                continue;
            }
            advance(node, p);
        }
    }

    /** Replays a schedule given as thread names; returns the steps run. */
    public static List<Step> replay(Supplier<? extends Execution> factory, List<String> schedule) {
        Execution e = factory.get();
        try {
            return replay(e, schedule);
        } finally {
            e.close();
        }
    }

    private static List<Step> replay(Execution e, List<String> schedule) {
        List<Step> steps = new ArrayList<>();
        for (String name : schedule) {
            int t = -1;
            for (int i = 0; i < e.threadCount(); i++) {
                if (e.threadName(i).equals(name)) {
                    t = i;
                }
            }
            if (t < 0 || !e.enabled(t)) {
                throw new IllegalArgumentException("step " + (steps.size() + 1) + ": thread " + name
                        + (t < 0 ? " does not exist" : " cannot run here"));
            }
            steps.add(e.step(t));
        }
        return steps;
    }

    private void start() {
        if (exec != null) {
            exec.close();
        }
        exec = factory.get();
        threads = exec.threadCount();
        threadClock = new int[threads][threads];
        trace.clear();
    }

    private boolean allFinished() {
        for (int t = 0; t < threads; t++) {
            if (!exec.finished(t)) {
                return false;
            }
        }
        return true;
    }

    private List<String> blockedThreads() {
        List<String> out = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            if (!exec.finished(t)) {
                out.add(exec.threadName(t) + ": " + exec.blockedOn(t));
            }
        }
        return out;
    }

    /** Creates the node for the current state, detects races with the trace, seeds its backtrack set. */
    private void pushNode(BitSet sleep) {
        Node node = new Node();
        node.nextObjects = new Object[threads];
        for (int t = 0; t < threads; t++) {
            if (exec.enabled(t)) {
                node.enabled.set(t);
            }
            if (!exec.finished(t)) {
                node.nextObjects[t] = exec.nextObject(t);
            }
        }
        node.sleep.or(sleep);
        nodes.add(node);
        detectRaces(node);
        for (int t : preference) {
            if (node.enabled.get(t) && !node.sleep.get(t)) {
                node.backtrack.set(t);
                break;
            }
        }
    }

    /**
     * For every thread's next step, the last step of another thread on the same object that
     * does not happen before it is a race: the explorer must also try the two in the other
     * order, from the state before that step.
     */
    private void detectRaces(Node current) {
        int depth = nodes.size() - 1;
        for (int p = 0; p < threads; p++) {
            Object o = current.nextObjects[p];
            if (o == null) {
                continue;
            }
            for (int j = depth - 1; j >= 0; j--) {
                Node pre = nodes.get(j);
                if (pre.chosen == p || !o.equals(pre.object)) {
                    continue;
                }
                int q = pre.chosen;
                if (pre.clock[q] > threadClock[p][q]) {
                    if (pre.enabled.get(p)) {
                        pre.backtrack.set(p);
                    } else {
                        pre.backtrack.or(pre.enabled);
                    }
                }
                break;
            }
        }
    }

    private int candidate(Node node) {
        for (int t : preference) {
            if (node.backtrack.get(t) && !node.done.get(t) && !node.sleep.get(t)) {
                return t;
            }
        }
        return -1;
    }

    /** Runs thread p's step from the top node and pushes the resulting state. */
    private void advance(Node node, int p) {
        node.done.set(p);
        node.chosen = p;
        node.object = node.nextObjects[p];
        trace.add(exec.step(p));
        steps++;
        node.clock = tick(p, node.object, nodes.size() - 1);
        BitSet childSleep = new BitSet();
        BitSet carried = (BitSet) node.sleep.clone();
        carried.or(node.done);
        carried.clear(p);
        for (int q = carried.nextSetBit(0); q >= 0; q = carried.nextSetBit(q + 1)) {
            if (independent(node.nextObjects[q], node.object)) {
                childSleep.set(q);
            }
        }
        pushNode(childSleep);
    }

    /** Vector clock of the step p just ran on {@code object}; also updates p's clock. */
    private int[] tick(int p, Object object, int depth) {
        int[] c = threadClock[p];
        if (object != null) {
            for (int j = depth - 1; j >= 0; j--) {
                Node pre = nodes.get(j);
                if (object.equals(pre.object)) {
                    int[] other = pre.clock;
                    for (int i = 0; i < threads; i++) {
                        c[i] = Math.max(c[i], other[i]);
                    }
                    break;
                }
            }
        }
        c[p] = depth + 1;
        return c.clone();
    }

    private static boolean independent(Object a, Object b) {
        return a == null || b == null || !a.equals(b);
    }

    /**
     * Pops to the deepest node with an untried candidate and replays the execution up to it.
     * False when none is left: the exploration is complete.
     */
    private boolean backtrack() {
        nodes.remove(nodes.size() - 1);
        while (!nodes.isEmpty()) {
            Node top = nodes.get(nodes.size() - 1);
            if (candidate(top) >= 0) {
                replayPrefix();
                return true;
            }
            nodes.remove(nodes.size() - 1);
        }
        return false;
    }

    /**
     * Replays the current prefix on a fresh execution. The objects steps touch are those of the
     * new execution (a model's locks and fences are new objects in every run), so each node's
     * objects are taken again from it: dependencies are compared within one execution only.
     */
    private void replayPrefix() {
        start();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            for (int t = 0; t < threads; t++) {
                n.nextObjects[t] = exec.finished(t) ? null : exec.nextObject(t);
            }
            if (i == nodes.size() - 1) {
                break;
            }
            n.object = n.nextObjects[n.chosen];
            trace.add(exec.step(n.chosen));
            steps++;
            threadClock[n.chosen] = n.clock.clone();
        }
    }
}
