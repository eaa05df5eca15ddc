package dev.fencecheck.scenario;

import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.exec.Execution;
import dev.fencecheck.exec.Step;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario's threads running concurrently (explore mode of scenario-format.md): locks block
 * while another thread holds them in a conflicting mode, with writer preference for
 * non-recursive readers as in the kernel's rwsem and queued rwlock; {@code wait} blocks until
 * the fence is signalled; an allocation that may enter direct reclaim runs the shrinker and
 * notifier bodies inside the allocating thread. Lockdep maps ({@code map} locks and the
 * built-in annotations) are not real locks and never block.
 */
final class ScenarioExecution implements Execution {
    private final Plan plan;
    private final List<ThreadState> threads = new ArrayList<>();
    private final Map<String, LockState> locks = new HashMap<>();
    private final Map<String, FenceState> fences = new HashMap<>();

    /**
     * Whether a fence is signalled. Also the object the explorer sees for the fence's steps:
     * one per execution, compared by identity, named for reports.
     */
    private static final class FenceState {
        final String name;
        boolean signalled;

        FenceState(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return "fence " + name;
        }
    }

    /**
     * Holders and waiting writers of one lock. Also the object the explorer sees for the lock's
     * steps (identity is enough within an execution, and no string is built per step).
     */
    private static final class LockState {
        final String name;
        final boolean blocking;
        int writer = -1;
        final Map<Integer, Integer> readers = new HashMap<>();
        final List<Integer> waitingWriters = new ArrayList<>();

        LockState(String name, boolean blocking) {
            this.name = name;
            this.blocking = blocking;
        }

        @Override
        public String toString() {
            return "lock " + name;
        }

        String holders(ScenarioExecution e) {
            List<String> names = new ArrayList<>();
            if (writer >= 0) {
                names.add(e.threads.get(writer).name);
            }
            readers.keySet().stream().sorted().forEach(r -> names.add(e.threads.get(r).name + " (read)"));
            return names.isEmpty() ? "nobody" : String.join(", ", names);
        }
    }

    /** A body being run by a thread: its own thread body, or a shrinker/notifier it entered. */
    private record Frame(Body body, int[] pc) {
    }

    private static final class ThreadState {
        final String name;
        final Deque<Frame> frames = new ArrayDeque<>();
        final Map<String, Integer> failedTrylocks = new HashMap<>();
        int nofs;
        int noio;
        int noreclaim;
        /** Non-null while blocked: the operation waiting to complete. */
        Op waitingOp;

        ThreadState(String name) {
            this.name = name;
        }

        boolean inReclaim() {
            return frames.size() > 1;
        }
    }

    /**
     * What every execution of one scenario shares, worked out once rather than at every step of
     * every execution: the bodies by kind, and which bodies entering reclaim runs and how the
     * step reads, for each choice of (shrinkers, notifiers).
     */
    static final class Plan {
        final Scenario scenario;
        final List<Body> threadBodies;
        final List<List<Body>> entered = new ArrayList<>();
        final List<String> enteredText = new ArrayList<>();

        Plan(Scenario scenario) {
            this.scenario = scenario;
            this.threadBodies = scenario.bodies(Body.Kind.THREAD);
            for (int i = 0; i < 4; i++) {
                List<Body> bodies = new ArrayList<>();
                if ((i & 2) != 0) {
                    bodies.addAll(scenario.bodies(Body.Kind.SHRINKER));
                }
                if ((i & 1) != 0) {
                    bodies.addAll(scenario.bodies(Body.Kind.NOTIFIER));
                }
                entered.add(List.copyOf(bodies));
                enteredText.add(bodies.isEmpty() ? "" : " (runs " + String.join(", ", bodies.stream()
                        .map(b -> b.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + b.name()).toList())
                        + ")");
            }
        }
    }

    ScenarioExecution(Scenario scenario) {
        this(new Plan(scenario));
    }

    ScenarioExecution(Plan plan) {
        this.plan = plan;
        Scenario scenario = plan.scenario;
        for (Scenario.LockDecl d : scenario.locks().values()) {
            locks.put(d.name(), new LockState(d.name(), d.kind() != LockKind.MAP));
        }
        for (String lock : List.of(BuiltinNames.MMAP_LOCK, BuiltinNames.I_MMAP_RWSEM, BuiltinNames.DMA_RESV)) {
            locks.put(lock, new LockState(lock, true));
        }
        for (String map : List.of(BuiltinNames.FS_RECLAIM, BuiltinNames.MMU_NOTIFIER, BuiltinNames.DMA_FENCE_MAP,
                BuiltinNames.DMA_RESV_ACQUIRE)) {
            locks.put(map, new LockState(map, false));
        }
        for (String f : scenario.fences().keySet()) {
            fences.put(f, new FenceState(f));
        }
        for (Body b : plan.threadBodies) {
            ThreadState t = new ThreadState(b.name());
            t.frames.push(new Frame(b, new int[1]));
            threads.add(t);
        }
    }

    @Override
    public int threadCount() {
        return threads.size();
    }

    @Override
    public String threadName(int thread) {
        return threads.get(thread).name;
    }

    @Override
    public boolean finished(int thread) {
        return next(threads.get(thread)) == null;
    }

    /** The thread's next operation, unwinding finished bodies; null when the thread is done. */
    private Op next(ThreadState t) {
        if (t.waitingOp != null) {
            return t.waitingOp;
        }
        while (!t.frames.isEmpty()) {
            Frame f = t.frames.peek();
            if (f.pc()[0] < f.body().ops().size()) {
                return f.body().ops().get(f.pc()[0]);
            }
            if (t.frames.size() == 1) {
                return null;
            }
            t.frames.pop();
        }
        return null;
    }

    @Override
    public boolean enabled(int thread) {
        ThreadState t = threads.get(thread);
        Op op = next(t);
        if (op == null) {
            return false;
        }
        if (t.waitingOp == null) {
            return true; // an attempt always runs; it may end in waiting
        }
        return canProceed(thread, op);
    }

    private boolean canProceed(int thread, Op op) {
        return switch (op.code()) {
            case WAIT -> fences.get(op.target()).signalled;
            default -> grantable(thread, op.target(), mode(op));
        };
    }

    @Override
    public Object nextObject(int thread) {
        Op op = next(threads.get(thread));
        if (op == null) {
            return null;
        }
        return switch (op.code().arg()) {
            case LOCK -> {
                LockState l = locks.get(op.target());
                yield l.blocking ? l : null;
            }
            case FENCE -> op.code() == OpCode.PUBLISH ? null : fences.get(op.target());
            default -> null;
        };
    }

    /**
     * Reads: taking a lock shared (or waking up with it), releasing a shared hold or a failed
     * trylock's unlock, and waiting on a fence. Readers only look at the writer and the waiting
     * writers, which no read changes, so any two of them commute; a signal is a write.
     */
    @Override
    public boolean nextIsRead(int thread) {
        ThreadState t = threads.get(thread);
        Op op = next(t);
        if (op == null) {
            return false;
        }
        return switch (op.code()) {
            case READ, READ_RECURSIVE, WAIT -> true;
            case UNLOCK -> t.waitingOp == null && (t.failedTrylocks.containsKey(op.target())
                    || isSharedHolder(thread, op.target()));
            default -> false;
        };
    }

    private boolean isSharedHolder(int thread, String lock) {
        LockState l = locks.get(lock);
        return l.writer != thread && l.readers.containsKey(thread);
    }

    @Override
    public String blockedOn(int thread) {
        ThreadState t = threads.get(thread);
        Op op = t.waitingOp;
        if (op == null) {
            return "nothing";
        }
        String at = "line " + op.line() + ": " + op.text();
        if (op.code() == OpCode.WAIT) {
            return at + ", waiting for fence " + op.target() + ", which is not signalled";
        }
        return at + ", waiting for " + op.target() + ", held by " + locks.get(op.target()).holders(this)
                + waitingWritersNote(thread, op);
    }

    private String waitingWritersNote(int thread, Op op) {
        LockState l = locks.get(op.target());
        if (mode(op) == Mode.READ && l.writer < 0 && !l.waitingWriters.isEmpty()) {
            List<String> names = l.waitingWriters.stream().filter(w -> w != thread)
                    .map(w -> threads.get(w).name).toList();
            return " (and a writer is waiting: " + String.join(", ", names) + ")";
        }
        return "";
    }

    @Override
    public Step step(int thread) {
        ThreadState t = threads.get(thread);
        Op op = next(t);
        String where = where(op.line());
        if (t.waitingOp != null) {
            t.waitingOp = null;
            if (op.code() != OpCode.WAIT) {
                grant(thread, op.target(), mode(op));
            }
            advance(t);
            return new Step(t.name, op.text() + " (wakes up)", where);
        }
        switch (op.code()) {
            case LOCK, READ, READ_RECURSIVE, WW_LOCK -> {
                Mode m = mode(op);
                if (grantable(thread, op.target(), m)) {
                    grant(thread, op.target(), m);
                    advance(t);
                    return new Step(t.name, op.text(), where);
                }
                t.waitingOp = op;
                if (m == Mode.WRITE) {
                    locks.get(op.target()).waitingWriters.add(thread);
                }
                return new Step(t.name, op.text() + " (blocks: held by " + locks.get(op.target()).holders(this)
                        + ")", where);
            }
            case TRYLOCK -> {
                advance(t);
                if (grantable(thread, op.target(), Mode.WRITE)) {
                    grant(thread, op.target(), Mode.WRITE);
                    return new Step(t.name, op.text() + " (succeeds)", where);
                }
                t.failedTrylocks.merge(op.target(), 1, Integer::sum);
                return new Step(t.name, op.text() + " (fails)", where);
            }
            case UNLOCK -> {
                advance(t);
                Integer failed = t.failedTrylocks.get(op.target());
                if (failed != null) {
                    t.failedTrylocks.compute(op.target(), (k, v) -> v == 1 ? null : v - 1);
                    return new Step(t.name, op.text() + " (skipped: the trylock failed)", where);
                }
                release(thread, op.target());
                return new Step(t.name, op.text(), where);
            }
            case WAIT -> {
                if (fences.get(op.target()).signalled) {
                    advance(t);
                    return new Step(t.name, op.text(), where);
                }
                t.waitingOp = op;
                return new Step(t.name, op.text() + " (blocks: not signalled)", where);
            }
            case SIGNAL -> {
                advance(t);
                fences.get(op.target()).signalled = true;
                return new Step(t.name, op.text(), where);
            }
            case ALLOC -> {
                advance(t);
                return new Step(t.name, op.text() + allocate(t, Gfp.byName(op.target())), where);
            }
            case RECLAIM -> {
                advance(t);
                return new Step(t.name, op.text() + enterBodies(t, true, true), where);
            }
            case INVALIDATE -> {
                advance(t);
                return new Step(t.name, op.text() + enterBodies(t, false, true), where);
            }
            case NOFS_SAVE -> t.nofs++;
            case NOFS_RESTORE -> t.nofs = Math.max(0, t.nofs - 1);
            case NOIO_SAVE -> t.noio++;
            case NOIO_RESTORE -> t.noio = Math.max(0, t.noio - 1);
            case NORECLAIM_SAVE -> t.noreclaim++;
            case NORECLAIM_RESTORE -> t.noreclaim = Math.max(0, t.noreclaim - 1);
            default -> {
                // ww_acquire/ww_release, signalling annotations, publish, irq state, might_sleep:
                // nothing to schedule around; the validator sees them in lockdep mode.
            }
        }
        advance(t);
        return new Step(t.name, op.text(), where);
    }

    private static final String[] WHERE = new String[512];

    static {
        for (int i = 0; i < WHERE.length; i++) {
            WHERE[i] = "line " + i;
        }
    }

    /** "line N", without building the string at every step of a scenario of usual length. */
    private static String where(int line) {
        return line >= 0 && line < WHERE.length ? WHERE[line] : "line " + line;
    }

    private static void advance(ThreadState t) {
        t.frames.peek().pc()[0]++;
    }

    /**
     * An allocation under memory pressure: a mask that may enter direct reclaim runs the
     * shrinkers (only with __GFP_FS once the memalloc scope is applied) and the notifiers, unless
     * the thread is already reclaiming or inside memalloc_noreclaim_save().
     */
    private String allocate(ThreadState t, Gfp gfp) {
        int flags = gfp.flags();
        if (t.noio > 0) {
            flags &= ~(Gfp.IO | Gfp.FS);
        } else if (t.nofs > 0) {
            flags &= ~Gfp.FS;
        }
        if ((flags & Gfp.DIRECT_RECLAIM) == 0 || t.noreclaim > 0) {
            return "";
        }
        return enterBodies(t, (flags & Gfp.FS) != 0, true);
    }

    private String enterBodies(ThreadState t, boolean shrinkers, boolean notifiers) {
        if (t.inReclaim()) {
            return " (already in reclaim: does not recurse)";
        }
        int which = (shrinkers ? 2 : 0) | (notifiers ? 1 : 0);
        List<Body> entered = plan.entered.get(which);
        for (int i = entered.size() - 1; i >= 0; i--) {
            t.frames.push(new Frame(entered.get(i), new int[1]));
        }
        return plan.enteredText.get(which);
    }

    private enum Mode { WRITE, READ, RECURSIVE_READ }

    private static Mode mode(Op op) {
        return switch (op.code()) {
            case READ -> Mode.READ;
            case READ_RECURSIVE -> Mode.RECURSIVE_READ;
            default -> Mode.WRITE;
        };
    }

    /**
     * Readers share, a writer excludes everyone; a non-recursive reader also waits while a
     * writer waits (rwsem and queued rwlock writer preference), a recursive reader only for a
     * writer that holds the lock.
     */
    private boolean grantable(int thread, String lock, Mode m) {
        LockState l = locks.get(lock);
        if (!l.blocking) {
            return true;
        }
        return switch (m) {
            case WRITE -> l.writer < 0 && l.readers.isEmpty();
            case READ -> l.writer < 0 && onlyWaitingWriter(l, thread);
            case RECURSIVE_READ -> l.writer < 0;
        };
    }

    private static boolean onlyWaitingWriter(LockState l, int thread) {
        for (int w : l.waitingWriters) {
            if (w != thread) {
                return false;
            }
        }
        return true;
    }

    private void grant(int thread, String lock, Mode m) {
        LockState l = locks.get(lock);
        if (!l.blocking) {
            return;
        }
        l.waitingWriters.remove(Integer.valueOf(thread));
        if (m == Mode.WRITE) {
            l.writer = thread;
        } else {
            l.readers.merge(thread, 1, Integer::sum);
        }
    }

    private void release(int thread, String lock) {
        LockState l = locks.get(lock);
        if (!l.blocking) {
            return;
        }
        if (l.writer == thread) {
            l.writer = -1;
        } else if (l.readers.containsKey(thread)) {
            l.readers.compute(thread, (k, v) -> v == 1 ? null : v - 1);
        }
        // Releasing a lock one does not hold changes nothing here; lockdep reports it.
    }
}
