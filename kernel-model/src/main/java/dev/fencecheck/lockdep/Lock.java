package dev.fencecheck.lockdep;

/**
 * A lock instance as lockdep sees it: a {@code struct lockdep_map} pointing at its class.
 * Whether holding it makes the context atomic (spinning locks) is recorded here because
 * {@code in_atomic()} and {@code might_sleep()} depend on it.
 */
public final class Lock {
    private final String name;
    private final LockClass lockClass;
    private final boolean spinning;
    private final boolean sleeping;

    Lock(String name, LockClass lockClass, boolean spinning, boolean sleeping) {
        this.name = name;
        this.lockClass = lockClass;
        this.spinning = spinning;
        this.sleeping = sleeping;
    }

    /** True for mutexes and rw_semaphores: a blocking acquisition calls might_sleep(). */
    public boolean sleeping() {
        return sleeping;
    }

    public String name() {
        return name;
    }

    public LockClass lockClass() {
        return lockClass;
    }

    /** True for spinlock_t and rwlock_t: holding one disables preemption. */
    public boolean spinning() {
        return spinning;
    }

    @Override
    public String toString() {
        return name.equals(lockClass.name()) ? name : name + " (class " + lockClass.name() + ")";
    }
}
