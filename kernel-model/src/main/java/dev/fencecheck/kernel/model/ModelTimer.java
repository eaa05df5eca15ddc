package dev.fencecheck.kernel.model;

import dev.fencecheck.exec.ModelThread;
import dev.fencecheck.lockdep.ExecContext;
import dev.fencecheck.lockdep.Site;

/**
 * A delayed work item ({@code struct delayed_work}, {@code kernel/workqueue.c}) with a worker
 * thread of its own. It fires when the model clock reaches its deadline, or earlier when nothing
 * but timers can run and no other armed timer expires before it (see {@link ModelKthreads}).
 */
public final class ModelTimer {
    private final ModelKthreads kthreads;
    private final String name;
    private final Object object;
    private ModelThread thread;
    private boolean armed;
    private long deadline;

    private ModelTimer(ModelKthreads kthreads, String name, Object object) {
        this.kthreads = kthreads;
        this.name = name;
        this.object = object;
    }

    /**
     * INIT_DELAYED_WORK(): a timer whose worker runs {@code work} each time it fires.
     *
     * @param object what the worker's steps touch, for the explorer (the state the work guards)
     */
    public static ModelTimer create(ModelKernel kernel, String name, Object object, Runnable work) {
        ModelKthreads kthreads = ModelKthreads.of(kernel);
        ModelTimer timer = new ModelTimer(kthreads, name, object);
        timer.thread = kthreads.kthread(kernel, name, ExecContext.TASK, () -> timer.worker(work));
        kthreads.register(timer);
        return timer;
    }

    private void worker(Runnable work) {
        Site idle = Site.of("kernel/workqueue.c: worker_thread", "wait for delayed work " + name);
        while (kthreads.idleWait(object, idle, this::due, this::describe)) {
            armed = false;
            kthreads.advanceTo(deadline);
            work.run();
        }
    }

    /** mod_delayed_work(): (re)arms the timer to fire {@code delay} ticks from now. */
    public void modDelayedWork(long delay) {
        long now = kthreads.now();
        deadline = delay > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + delay;
        armed = true;
    }

    /** cancel_delayed_work(): disarms a timer that has not fired yet. */
    public void cancel() {
        armed = false;
    }

    public boolean armed() {
        return armed;
    }

    long deadline() {
        return deadline;
    }

    ModelThread thread() {
        return thread;
    }

    private boolean due() {
        return armed && (kthreads.now() >= deadline || kthreads.mayFireEarly(this));
    }

    private String describe() {
        return armed ? "timer " + name + " (due at tick " + deadline + ", now " + kthreads.now() + ")"
                : "timer " + name + " to be armed";
    }
}
