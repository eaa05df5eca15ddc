package dev.fencecheck.kernel.model;

import dev.fencecheck.exec.CoopExecution;
import dev.fencecheck.exec.ModelThread;
import dev.fencecheck.lockdep.ExecContext;
import dev.fencecheck.lockdep.Site;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The long-lived threads of a model (kthreads, workers, interrupt handlers, hardware engines) and
 * its clock. Unlike a scenario's threads they never finish by themselves: each loops on an
 * {@link #idleWait} and stops once every other thread has finished and no long-lived thread has
 * work left (kthread_should_stop() in {@code kernel/kthread.c}, as at module unload).
 *
 * <p>Time, in model ticks, passes only when nothing else can happen: a delayed work item
 * ({@link ModelTimer}) fires once every thread that is not a timer is blocked, and the clock then
 * jumps to its deadline. So a job times out when it hangs or is stuck, never merely for being slow.
 */
public final class ModelKthreads {
    private static final Map<ModelKernel, WeakReference<ModelKthreads>> ALL =
            java.util.Collections.synchronizedMap(new WeakHashMap<>()); // explorations may run in parallel

    private final CoopExecution execution;
    private final Map<ModelThread, Idle> kthreads = new IdentityHashMap<>();
    private final List<ModelTimer> timers = new ArrayList<>();
    private long now;

    /** Whether a kthread is parked in its idle wait, and on what work. */
    private static final class Idle {
        BooleanSupplier work;
    }

    private ModelKthreads(CoopExecution execution) {
        this.execution = execution;
    }

    /**
     * The long-lived threads of one kernel (one execution). The registry is held weakly, so that
     * finished executions are collected; the kernel itself keeps it alive through an end check.
     */
    public static ModelKthreads of(ModelKernel kernel) {
        synchronized (ALL) {
            WeakReference<ModelKthreads> ref = ALL.get(kernel);
            ModelKthreads k = ref == null ? null : ref.get();
            if (k == null) {
                ModelKthreads created = new ModelKthreads(kernel.execution());
                kernel.atExecutionEnd(deadlocked -> created.executionEnded());
                ALL.put(kernel, new WeakReference<>(created));
                k = created;
            }
            return k;
        }
    }

    /** Nothing to check: the end check only ties the registry's lifetime to the kernel's. */
    private void executionEnded() {
    }

    /** kthread_run(): declares a long-lived thread of the kernel, before the execution starts. */
    public ModelThread kthread(ModelKernel kernel, String name, ExecContext context, Runnable body) {
        ModelThread t = kernel.thread(name, context, body);
        kthreads.put(t, new Idle());
        return t;
    }

    /**
     * wait_event(wq, work || kthread_should_stop()): the calling kthread sleeps until
     * {@code work} holds (true) or it should stop (false).
     */
    public boolean idleWait(Object object, Site site, BooleanSupplier work, Supplier<String> waitingFor) {
        ModelThread t = ModelThread.current();
        Idle idle = kthreads.get(t);
        if (idle == null) {
            throw new IllegalStateException(t.name() + " is not a kthread of this model");
        }
        idle.work = work;
        try {
            t.block(object, site.operation(), site.source(), () -> work.getAsBoolean() || shouldStop(), waitingFor);
        } finally {
            idle.work = null;
        }
        return work.getAsBoolean();
    }

    /**
     * kthread_should_stop(): every other thread finished, every kthread idle without work, and
     * no timer armed.
     */
    private boolean shouldStop() {
        for (ModelTimer timer : timers) {
            if (timer.armed()) {
                return false;
            }
        }
        List<ModelThread> threads = execution.threads();
        for (int i = 0; i < threads.size(); i++) {
            ModelThread t = threads.get(i);
            Idle idle = kthreads.get(t);
            if (execution.finished(i)) {
                continue;
            }
            // A timer's work is to fire, which it may only when nothing else can run: an idle
            // timer that is not armed has none (and asking it would ask this again).
            boolean noWork = idle != null && idle.work != null && (isTimerThread(t) || !idle.work.getAsBoolean());
            if (!noWork) {
                return false;
            }
        }
        return true;
    }

    /** The model clock, in ticks. */
    public long now() {
        return now;
    }

    void register(ModelTimer timer) {
        timers.add(timer);
    }

    /** A timer fired at {@code deadline}: the clock moves on to it. */
    void advanceTo(long deadline) {
        now = Math.max(now, deadline);
    }

    /**
     * Whether {@code timer} may fire now although its deadline has not come: nothing but timers
     * can run, and no armed timer expires earlier.
     */
    boolean mayFireEarly(ModelTimer timer) {
        for (ModelTimer other : timers) {
            if (other.armed() && other.deadline() < timer.deadline()) {
                return false;
            }
        }
        List<ModelThread> threads = execution.threads();
        for (int i = 0; i < threads.size(); i++) {
            if (!isTimerThread(threads.get(i)) && execution.enabled(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean isTimerThread(ModelThread t) {
        for (ModelTimer timer : timers) {
            if (timer.thread() == t) {
                return true;
            }
        }
        return false;
    }
}
