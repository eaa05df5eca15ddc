package dev.fencecheck.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * An {@link Execution} of modelled threads written as plain Java: each runs on a carrier thread
 * of its own, handing control back at every kernel operation, so that the explorer decides
 * which one runs next. Blocking is modelled by conditions, never real.
 *
 * <p>Build it with {@link #thread}, then {@link #start}; each runs its body up to its first
 * kernel operation. A body that throws finishes its thread; {@link #failures} lists them. A body
 * that does not reach its next kernel operation within the step timeout is a
 * {@link ModelHangException}.
 */
public final class CoopExecution implements Execution {
    private final List<ModelThread> threads = new ArrayList<>();
    private final long stepTimeoutMillis;
    final Semaphore parked = new Semaphore(0);
    volatile boolean abandoned;
    private boolean started;
    private final List<Step> schedule = new ArrayList<>();

    public CoopExecution(long stepTimeoutMillis) {
        this.stepTimeoutMillis = stepTimeoutMillis;
    }

    /** Declares a modelled thread; all threads exist before the execution starts. */
    public ModelThread thread(String name, Runnable body) {
        if (started) {
            throw new IllegalStateException("threads are declared before the execution starts");
        }
        ModelThread t = new ModelThread(this, threads.size(), name, body);
        threads.add(t);
        return t;
    }

    /** Starts every thread and runs each, one at a time, up to its first kernel operation. */
    public CoopExecution start() {
        started = true;
        for (ModelThread t : threads) {
            t.start();
            t.go.release();
            await(t, "starting");
        }
        return this;
    }

    private void await(ModelThread t, String what) {
        try {
            if (!parked.tryAcquire(stepTimeoutMillis, TimeUnit.MILLISECONDS)) {
                abandoned = true;
                t.interruptIfRunning();
                throw new ModelHangException("thread " + t.name() + " did not reach its next kernel operation within "
                        + stepTimeoutMillis + " ms after " + what + " (last operation: " + t.lastOperation
                        + "): its code loops or blocks a real thread");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandoned = true;
            throw new ModelHangException("interrupted while thread " + t.name() + " ran");
        }
    }

    public List<ModelThread> threads() {
        return List.copyOf(threads);
    }

    /** What the threads' bodies threw, in thread order (for callers that act on the exception's type). */
    public List<Throwable> thrown() {
        List<Throwable> out = new ArrayList<>();
        for (ModelThread t : threads) {
            if (t.failure != null) {
                out.add(t.failure);
            }
        }
        return out;
    }

    /** Threads whose body threw, with what it threw. */
    public List<String> failures() {
        List<String> out = new ArrayList<>();
        for (ModelThread t : threads) {
            if (t.failure != null) {
                out.add(t.name() + ": " + t.failure + " (after " + t.lastOperation + ")");
            }
        }
        return out;
    }

    @Override
    public int threadCount() {
        return threads.size();
    }

    @Override
    public String threadName(int thread) {
        return threads.get(thread).name();
    }

    @Override
    public boolean finished(int thread) {
        return threads.get(thread).finished;
    }

    @Override
    public boolean enabled(int thread) {
        return threads.get(thread).enabled();
    }

    @Override
    public Object nextObject(int thread) {
        ModelThread.Pending p = threads.get(thread).pending;
        return p == null ? null : p.object();
    }

    @Override
    public Step step(int thread) {
        ModelThread t = threads.get(thread);
        ModelThread.Pending p = t.pending;
        if (p == null || !t.enabled()) {
            throw new IllegalStateException("thread " + t.name() + " cannot run now");
        }
        Step step = new Step(t.name(), p.operation(), p.where());
        schedule.add(step);
        t.pending = null;
        t.go.release();
        await(t, p.operation());
        return step;
    }

    /** The steps taken so far, in order: the schedule that leads to the current state. */
    public List<Step> schedule() {
        return List.copyOf(schedule);
    }

    @Override
    public String blockedOn(int thread) {
        ModelThread.Pending p = threads.get(thread).pending;
        if (p == null) {
            return "nothing";
        }
        return p.operation() + (p.where() == null ? "" : " (" + p.where() + ")")
                + (p.waitingFor() == null ? "" : ", waiting for " + p.waitingFor().get());
    }

    /** Abandons the execution: every parked thread unwinds and ends. */
    @Override
    public void close() {
        abandoned = true;
        for (ModelThread t : threads) {
            t.go.release();
            t.interruptIfRunning();
        }
    }
}
