package dev.fencecheck.exec;

/**
 * One run of a model on the deterministic executor: a fixed set of modelled threads, each with
 * a next step. Only one thread runs at a time and each step is a scheduling point; blocking is
 * modelled (a blocked thread is not enabled), never real.
 *
 * <p>Implementations must be deterministic: the same sequence of {@link #step} calls from a new
 * execution always produces the same states.
 */
public interface Execution {
    int threadCount();

    String threadName(int thread);

    boolean finished(int thread);

    /** Whether the thread's next step can run now (it is unfinished and not blocked). */
    boolean enabled(int thread);

    /**
     * The shared object the thread's next step touches (a lock, a fence), or null when the step
     * is local to the thread. Steps of different threads on one object are dependent; all
     * others commute, which is what partial-order reduction relies on.
     */
    Object nextObject(int thread);

    /**
     * Whether the thread's next step only reads its {@link #nextObject} (two readers taking an
     * rwsem, two waiters on one fence): two reads of one object commute, so the explorer need
     * not try them in both orders. A read must neither change what another read of the object
     * sees nor enable or disable it. False (every step on an object conflicts) is always sound.
     */
    default boolean nextIsRead(int thread) {
        return false;
    }

    /** Runs the thread's next step. The thread must be enabled. */
    Step step(int thread);

    /** What a blocked thread waits for, e.g. {@code "lock B, held by t2"}. */
    String blockedOn(int thread);

    /** Releases what the execution holds (threads of a model run); it is not used afterwards. */
    default void close() {
    }
}
