package dev.fencecheck.api.kernel;

/**
 * Creates locks. Every lock belongs to a lock class named by the driver, as a static
 * {@code lock_class_key} would name it: all locks created with one class name share one class,
 * and lock order is checked between classes.
 */
public interface Locks {
    Mutex mutex(String className);

    SpinLock spinlock(String className);

    RwSemaphore rwsem(String className);
}
