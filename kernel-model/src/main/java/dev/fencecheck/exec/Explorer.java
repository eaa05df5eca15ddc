package dev.fencecheck.exec;

import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>Two steps depend on each other when they touch one object and are not both reads
 * ({@link Execution#nextIsRead}). Thread sets are bit masks, so a model has at most 64 threads;
 * the nodes of the current execution are reused from one execution to the next, so a step
 * allocates nothing in the explorer beyond the model's own {@link Step}.
 *
 * <p>Deterministic: the same model, seed and budget give the same executions in the same order.
 * The seed only permutes which thread is tried first at every branch.
 */
public final class Explorer {
    /** Thread sets are {@code long} bit masks. */
    public static final int MAX_THREADS = 64;

    private final Supplier<? extends Execution> factory;
    private final long maxExecutions;
    private final long deadlineNanos;
    private final long seed;
    private int[] preference;

    /** nodes[0 .. depth-1]: the states of the current execution; the rest are kept for reuse. */
    private Node[] nodes = new Node[32];
    private int depth;
    private final List<Step> trace = new ArrayList<>();
    private Execution exec;
    private ExecutionListener listener = (execution, deadlocked) -> { };
    private int[][] threadClock;
    private int threads;
    private long steps;

    /** The state before one step of the current execution, and what was tried from it. */
    private static final class Node {
        long enabled;
        long backtrack;
        long done;
        long sleep;
        final Object[] nextObjects;
        final boolean[] nextReads;
        int chosen = -1;
        Object object;
        boolean read;
        /** Vector clock of the chosen step: clock[t] is 1 + the depth of t's last step before it. */
        final int[] clock;

        Node(int threads) {
            nextObjects = new Object[threads];
            nextReads = new boolean[threads];
            clock = new int[threads];
        }
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
        this.seed = seed;
    }

    /** The order in which threads are tried, a permutation drawn from the seed (none for 0). */
    private static int[] preference(int n, long seed) {
        int[] preference = new int[n];
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
        return preference;
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
        pushNode(0L);
        while (true) {
            Node node = nodes[depth - 1];
            if (node.enabled == 0L) {
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
        if (threadClock == null) {
            // The first execution tells the number of threads (no execution is made just to ask).
            threads = exec.threadCount();
            if (threads > MAX_THREADS) {
                throw new IllegalArgumentException("the explorer handles at most " + MAX_THREADS
                        + " threads; the model has " + threads);
            }
            threadClock = new int[threads][threads];
            preference = preference(threads, seed);
        } else {
            for (int[] c : threadClock) {
                Arrays.fill(c, 0);
            }
        }
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
    private void pushNode(long sleep) {
        if (depth == nodes.length) {
            nodes = Arrays.copyOf(nodes, depth * 2);
        }
        Node node = nodes[depth];
        if (node == null) {
            node = new Node(threads);
            nodes[depth] = node;
        }
        depth++;
        long enabled = 0L;
        for (int t = 0; t < threads; t++) {
            boolean runnable = exec.enabled(t);
            if (runnable) {
                enabled |= 1L << t;
            }
            Object o = runnable || !exec.finished(t) ? exec.nextObject(t) : null;
            node.nextObjects[t] = o;
            node.nextReads[t] = o != null && exec.nextIsRead(t);
        }
        node.enabled = enabled;
        node.backtrack = 0L;
        node.done = 0L;
        node.sleep = sleep;
        node.chosen = -1;
        node.object = null;
        detectRaces(node);
        for (int t : preference) {
            if ((enabled & ~sleep & (1L << t)) != 0) {
                node.backtrack |= 1L << t;
                break;
            }
        }
    }

    /**
     * For every thread's next step, the last step of another thread that it depends on and that
     * does not happen before it is a race: the explorer must also try the two in the other order,
     * from the state before that step. Past a read that happens before it, a write keeps looking:
     * an earlier read of the object may still race with it; past a write, nothing can.
     */
    private void detectRaces(Node current) {
        for (int p = 0; p < threads; p++) {
            Object o = current.nextObjects[p];
            if (o == null) {
                continue;
            }
            boolean read = current.nextReads[p];
            int[] seen = threadClock[p];
            for (int j = depth - 2; j >= 0; j--) {
                Node pre = nodes[j];
                if (pre.chosen == p || (read && pre.read) || !o.equals(pre.object)) {
                    continue;
                }
                int q = pre.chosen;
                if (pre.clock[q] > seen[q]) {
                    // Flanagan-Godefroid: p itself when it can run there; otherwise every thread
                    // that can, since the reversal must start with some other thread's step. That
                    // includes p asleep there: its sleep only says the runs that start with p were
                    // explored, and the reversal may need another thread to go first (to wake it).
                    long self = 1L << p;
                    if ((pre.enabled & ~pre.sleep & self) != 0) {
                        pre.backtrack |= self;
                    } else {
                        pre.backtrack |= pre.enabled;
                    }
                    break;
                }
                if (!pre.read) {
                    break;
                }
            }
        }
    }

    private int candidate(Node node) {
        long open = node.backtrack & ~node.done & ~node.sleep;
        if (open == 0L) {
            return -1;
        }
        for (int t : preference) {
            if ((open & (1L << t)) != 0) {
                return t;
            }
        }
        return -1;
    }

    /** Runs thread p's step from the top node and pushes the resulting state. */
    private void advance(Node node, int p) {
        node.done |= 1L << p;
        node.chosen = p;
        node.object = node.nextObjects[p];
        node.read = node.nextReads[p];
        trace.add(exec.step(p));
        steps++;
        tick(node, depth - 1);
        long childSleep = 0L;
        long carried = (node.sleep | node.done) & ~(1L << p);
        while (carried != 0L) {
            int q = Long.numberOfTrailingZeros(carried);
            carried &= carried - 1;
            if (independent(node.nextObjects[q], node.nextReads[q], node.object, node.read)) {
                childSleep |= 1L << q;
            }
        }
        pushNode(childSleep);
    }

    /**
     * The vector clock of the step just chosen at {@code node}: its thread's clock joined with
     * those of the earlier steps it depends on (back to the last write of its object), stored in
     * the node and as the thread's clock.
     */
    private void tick(Node node, int at) {
        int p = node.chosen;
        int[] c = threadClock[p];
        Object object = node.object;
        if (object != null) {
            for (int j = at - 1; j >= 0; j--) {
                Node pre = nodes[j];
                if ((node.read && pre.read) || !object.equals(pre.object)) {
                    continue;
                }
                int[] other = pre.clock;
                for (int i = 0; i < threads; i++) {
                    c[i] = Math.max(c[i], other[i]);
                }
                if (!pre.read) {
                    break;
                }
            }
        }
        c[p] = at + 1;
        System.arraycopy(c, 0, node.clock, 0, threads);
    }

    private static boolean independent(Object a, boolean aRead, Object b, boolean bRead) {
        return a == null || b == null || (aRead && bRead) || !a.equals(b);
    }

    /**
     * Pops to the deepest node with an untried candidate and replays the execution up to it.
     * False when none is left: the exploration is complete.
     */
    private boolean backtrack() {
        depth--;
        while (depth > 0) {
            if (candidate(nodes[depth - 1]) >= 0) {
                replayPrefix();
                return true;
            }
            depth--;
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
        for (int i = 0; i < depth; i++) {
            Node n = nodes[i];
            for (int t = 0; t < threads; t++) {
                n.nextObjects[t] = exec.finished(t) ? null : exec.nextObject(t);
            }
            if (i == depth - 1) {
                break;
            }
            n.object = n.nextObjects[n.chosen];
            trace.add(exec.step(n.chosen));
            steps++;
            System.arraycopy(n.clock, 0, threadClock[n.chosen], 0, threads);
        }
    }
}
