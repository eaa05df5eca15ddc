package dev.fencecheck.api.kernel;

/** {@code struct mutex} ({@code kernel/locking/mutex.c}): sleeping, exclusive. */
public interface Mutex {
    String name();

    /** mutex_lock(): may sleep; blocks while another thread holds it. */
    Held lock();

    /** mutex_trylock(): never sleeps; null when the mutex is held. */
    Held trylock();
}
