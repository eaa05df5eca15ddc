package dev.fencecheck.api.kernel;

/** {@code spinlock_t}: holding it makes the thread atomic; sleeping under it is a bug. */
public interface SpinLock {
    String name();

    /** spin_lock(). */
    Held lock();

    /** spin_lock_irqsave(): also disables interrupts until released. */
    Held lockIrqsave();

    /** spin_trylock(): null when held. */
    Held trylock();
}
