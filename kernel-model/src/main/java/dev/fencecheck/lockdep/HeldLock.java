package dev.fencecheck.lockdep;

/**
 * One entry of a thread's held-lock stack ({@code struct held_lock}). Entries are owned and
 * reused by their {@link LockThread}, so the acquire fast path allocates nothing.
 */
public final class HeldLock {
    Lock lock;
    LockClass lockClass;
    int read;
    boolean trylock;
    /** lockdep's {@code check}: false for acquisitions that are pushed but never validated. */
    boolean check;
    Lock nest;
    /** Merged same-class acquisitions under one nest lock ({@code held_lock::references}). */
    int references;
    long prevChainKey;
    boolean hardirqsOff;
    Site site;

    void set(Lock lock, int read, boolean trylock, boolean check, Lock nest, int references,
             boolean hardirqsOff, Site site) {
        this.lock = lock;
        this.lockClass = lock.lockClass();
        this.read = read;
        this.trylock = trylock;
        this.check = check;
        this.nest = nest;
        this.references = references;
        this.hardirqsOff = hardirqsOff;
        this.site = site;
    }

    /**
     * set() for a validated acquisition without nest lock or references. A held-lock slot is
     * mostly taken by the same lock again (the same path runs again), so the references are
     * written only when they change: a reference store costs a GC write barrier.
     */
    void reuse(Lock lock, int read, boolean trylock, boolean hardirqsOff, Site site) {
        if (this.lock != lock) {
            this.lock = lock;
            this.lockClass = lock.lockClass();
        }
        if (this.nest != null) {
            this.nest = null;
        }
        if (this.site != site) {
            this.site = site;
        }
        this.read = read;
        this.trylock = trylock;
        this.check = true;
        this.references = 0;
        this.hardirqsOff = hardirqsOff;
    }

    void copyFrom(HeldLock other) {
        set(other.lock, other.read, other.trylock, other.check, other.nest, other.references,
                other.hardirqsOff, other.site);
        this.prevChainKey = other.prevChainKey;
    }

    public Lock lock() {
        return lock;
    }

    public int read() {
        return read;
    }

    public boolean trylock() {
        return trylock;
    }

    public Site site() {
        return site;
    }

    /** lockdep's one-character mode in held-lock listings, e.g. {@code "(read)"}. */
    String describe() {
        String mode = switch (read) {
            case 1 -> " (read)";
            case 2 -> " (recursive read)";
            default -> "";
        };
        return lock.name() + mode + (trylock ? " (trylock)" : "") + ", at " + site.describe();
    }
}
