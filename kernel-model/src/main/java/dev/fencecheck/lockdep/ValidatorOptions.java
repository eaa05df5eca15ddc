package dev.fencecheck.lockdep;

/**
 * Settings of a {@link LockValidator}.
 *
 * @param chainCache       whether known lock chains skip validation (lockdep always caches;
 *                         turning it off must never change a verdict, only the speed)
 * @param maxClasses       capacity limit for lock classes (lockdep: MAX_LOCKDEP_KEYS = 8191)
 * @param maxEdges         capacity limit for dependencies (lockdep: MAX_LOCKDEP_ENTRIES = 32768)
 * @param maxChains        capacity limit for cached chains (lockdep: MAX_LOCKDEP_CHAINS = 65536)
 * @param topologicalOrder whether new dependencies that respect the dynamic topological order
 *                         skip the cycle search; off, every new dependency is searched as in
 *                         lockdep (a baseline for the benchmarks, same verdicts)
 * @param chainTable       how cached chains are stored (the {@code HASH_SET} table is a
 *                         baseline for the benchmarks, same verdicts)
 */
public record ValidatorOptions(boolean chainCache, int maxClasses, int maxEdges, int maxChains,
                               boolean topologicalOrder, ChainTable chainTable) {
    /** Class ids must fit the 20 bits the chain key reserves for them. */
    static final int CLASS_ID_BITS = 20;

    /** The chain cache's table: ours, or {@code java.util.HashSet<Long>} for comparison. */
    public enum ChainTable { OPEN_ADDRESSING, HASH_SET }

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
        return new ValidatorOptions(true, 1 << 19, 1 << 22, 1 << 23, true, ChainTable.OPEN_ADDRESSING);
    }

    public ValidatorOptions withChainCache(boolean on) {
        return new ValidatorOptions(on, maxClasses, maxEdges, maxChains, topologicalOrder, chainTable);
    }

    public ValidatorOptions withTopologicalOrder(boolean on) {
        return new ValidatorOptions(chainCache, maxClasses, maxEdges, maxChains, on, chainTable);
    }

    public ValidatorOptions withChainTable(ChainTable table) {
        return new ValidatorOptions(chainCache, maxClasses, maxEdges, maxChains, topologicalOrder, table);
    }

    public ValidatorOptions withLimits(int classes, int edges, int chains) {
        return new ValidatorOptions(chainCache, classes, edges, chains, topologicalOrder, chainTable);
    }
}
