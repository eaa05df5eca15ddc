package dev.fencecheck.api.kernel;

/**
 * {@code struct rw_semaphore}: readers share, a writer excludes everyone, and a reader waits while
 * a writer waits (writer preference).
 */
public interface RwSemaphore {
    String name();

    /** down_read(). */
    Held read();

    /** down_write(). */
    Held write();
}
