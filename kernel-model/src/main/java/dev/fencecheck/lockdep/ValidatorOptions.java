package dev.fencecheck.lockdep;

/**
 * Settings of a {@link LockValidator}.
 *
 * @param chainCache  whether known lock chains skip validation (lockdep always caches; turning
 *                    it off must never change a verdict, only the speed)
 * @param maxClasses  capacity limit for lock classes (lockdep: MAX_LOCKDEP_KEYS = 8191)
 * @param maxEdges    capacity limit for dependencies (lockdep: MAX_LOCKDEP_ENTRIES = 32768)
 * @param maxChains   capacity limit for cached chains (lockdep: MAX_LOCKDEP_CHAINS = 65536)
 */
public record ValidatorOptions(boolean chainCache, int maxClasses, int maxEdges, int maxChains) {
    /** Class ids must fit the 20 bits the chain key reserves for them. */
    static final int CLASS_ID_BITS = 20;

    public ValidatorOptions {
        if (maxClasses <= 0 || maxClasses > (1 << CLASS_ID_BITS)) {
            throw new IllegalArgumentException("maxClasses must be in 1.." + (1 << CLASS_ID_BITS));
        }
        if (maxEdges <= 0 || maxChains <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** Generous defaults: 64 times lockdep's own limits. */
    public static ValidatorOptions defaults() {
        return new ValidatorOptions(true, 1 << 19, 1 << 22, 1 << 23);
    }

    public ValidatorOptions withChainCache(boolean on) {
        return new ValidatorOptions(on, maxClasses, maxEdges, maxChains);
    }
}
