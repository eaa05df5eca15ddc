package dev.fencecheck.exec;

import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;

/**
 * A modelled kernel thread (an ioctl caller, a scheduler thread, an interrupt handler, kswapd)
 * whose body is plain sequential Java. It runs on a carrier thread of its own but only when the
 * executor lets it: every kernel operation is a {@link #point scheduling point} at which it
 * stops until it is chosen again, so exactly one modelled thread runs at a time.
 */
public final class ModelThread {
    private static final ThreadLocal<ModelThread> CURRENT = new ThreadLocal<>();

    private final CoopExecution execution;
    private final String name;
    private final Runnable body;
    final int index;
    final Semaphore go = new Semaphore(0);
    volatile Pending pending;
    volatile boolean finished;
    volatile Throwable failure;
    volatile String lastOperation = "(start)";
    /** The pooled thread running the body, while it runs. */
    private volatile Thread carrier;

    /** The step a stopped thread will take when chosen. */
    record Pending(Object object, String operation, String where, BooleanSupplier condition,
                   java.util.function.Supplier<String> waitingFor) {
    }

    ModelThread(CoopExecution execution, int index, String name, Runnable body) {
        this.execution = execution;
        this.index = index;
        this.name = name;
        this.body = body;
    }

    public String name() {
        return name;
    }

    public CoopExecution execution() {
        return execution;
    }

    /** The modelled thread running this code; fails outside of one. */
    public static ModelThread current() {
        ModelThread t = CURRENT.get();
        if (t == null) {
            throw new IllegalStateException("not on a modelled thread: kernel operations run inside a model");
        }
        return t;
    }

    /** Whether this code runs on a modelled thread. */
    public static boolean inModel() {
        return CURRENT.get() != null;
    }

    /**
     * A scheduling point before an operation on {@code object} (null: local to the thread). The
     * thread stops here until the executor chooses it.
     */
    public void point(Object object, String operation, String where) {
        block(object, operation, where, null, null);
    }

    /**
     * A scheduling point before an operation that can only proceed once {@code condition} holds
     * (a lock is free, a fence is signalled). Until then the thread is blocked; the condition is
     * evaluated while no modelled thread runs.
     */
    public void block(Object object, String operation, String where, BooleanSupplier condition,
                      java.util.function.Supplier<String> waitingFor) {
        if (execution.abandoned) {
            throw new ExecutionAbandoned();
        }
        pending = new Pending(object, operation, where, condition, waitingFor);
        execution.parked.release();
        go.acquireUninterruptibly();
        if (execution.abandoned) {
            throw new ExecutionAbandoned();
        }
        lastOperation = operation;
    }

    /**
     * Carrier threads are pooled: an exploration runs thousands of executions of the same few
     * modelled threads, and creating a platform thread for each would cost more than running it.
     */
    private static final java.util.concurrent.ExecutorService CARRIERS =
            java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "fencecheck model thread");
                t.setDaemon(true);
                return t;
            });

    void start() {
        CARRIERS.execute(() -> {
            Thread.interrupted(); // a pooled thread may carry an interrupt meant for its last body
            carrier = Thread.currentThread();
            CURRENT.set(this);
            go.acquireUninterruptibly();
            try {
                if (!execution.abandoned) {
                    body.run();
                }
            } catch (ExecutionAbandoned e) {
                // the explorer moved on to another execution
            } catch (Throwable e) {
                failure = e;
            } finally {
                carrier = null;
                finished = true;
                pending = null;
                CURRENT.remove();
                execution.parked.release();
            }
        });
    }

    /** Interrupts a body that is still running (a hang): sleeping or polling code then stops. */
    void interruptIfRunning() {
        Thread c = carrier;
        if (c != null && !finished) {
            c.interrupt();
        }
    }

    boolean enabled() {
        Pending p = pending;
        return !finished && p != null && (p.condition() == null || p.condition().getAsBoolean());
    }

    /** Thrown inside a modelled thread whose execution was abandoned, to unwind it. */
    static final class ExecutionAbandoned extends Error {
        ExecutionAbandoned() {
            super(null, null, false, false);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
