package dev.fencecheck.lockdep;

import java.util.Arrays;

/**
 * The set of lock chains already validated ({@code chainhash_table} in lockdep.c), as an
 * open-addressing table of 64-bit chain keys: a hit costs one probe sequence and no allocation.
 * Key 0 marks an empty slot; a real key of 0 is remapped.
 */
class ChainCache {
    private static final long EMPTY = 0L;
    private long[] slots = new long[1 << 12];
    private int size;
    private final int capacityLimit;

    ChainCache(int capacityLimit) {
        this.capacityLimit = capacityLimit;
    }

    static ChainCache create(ValidatorOptions options) {
        return options.chainTable() == ValidatorOptions.ChainTable.HASH_SET
                ? new HashSetChainCache(options.maxChains()) : new ChainCache(options.maxChains());
    }

    /** The baseline the benchmarks compare against: boxed keys in a java.util.HashSet. */
    private static final class HashSetChainCache extends ChainCache {
        private final java.util.HashSet<Long> keys = new java.util.HashSet<>();
        private final int limit;

        HashSetChainCache(int limit) {
            super(1);
            this.limit = limit;
        }

        @Override
        boolean contains(long key) {
            return keys.contains(key);
        }

        @Override
        boolean add(long key) {
            if (keys.size() >= limit && !keys.contains(key)) {
                throw new CapacityExceededException("lock chains", limit);
            }
            return keys.add(key);
        }

        @Override
        int size() {
            return keys.size();
        }

        @Override
        void clear() {
            keys.clear();
        }
    }

    /** Whether the chain was validated before (a hit). */
    boolean contains(long key) {
        if (key == EMPTY) {
            key = 0x9E3779B97F4A7C15L;
        }
        long[] table = slots;
        int mask = table.length - 1;
        int i = (int) (key ^ (key >>> 32)) & mask;
        while (true) {
            long k = table[i];
            if (k == key) {
                return true;
            }
            if (k == EMPTY) {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    /** Adds the key; true if it was not there (a miss, so the chain must be validated). */
    boolean add(long key) {
        if (key == EMPTY) {
            key = 0x9E3779B97F4A7C15L;
        }
        long[] table = slots;
        int mask = table.length - 1;
        int i = (int) (key ^ (key >>> 32)) & mask;
        while (true) {
            long k = table[i];
            if (k == key) {
                return false;
            }
            if (k == EMPTY) {
                if (size >= capacityLimit) {
                    throw new CapacityExceededException("lock chains", capacityLimit);
                }
                table[i] = key;
                if (++size * 2 > table.length) {
                    grow();
                }
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    int size() {
        return size;
    }

    void clear() {
        Arrays.fill(slots, EMPTY);
        size = 0;
    }

    private void grow() {
        long[] old = slots;
        long[] table = new long[old.length * 2];
        int mask = table.length - 1;
        for (long k : old) {
            if (k != EMPTY) {
                int i = (int) (k ^ (k >>> 32)) & mask;
                while (table[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                table[i] = k;
            }
        }
        slots = table;
    }

    /**
     * iterate_chain_key(): mixes one held-lock id into the running key, order-sensitively. The
     * key is on the critical path of every acquisition (each key depends on the one before), so
     * this is one multiply and one shift instead of a full finaliser: for a fixed prefix the step
     * is a bijection of the id, and the table index folds the high half in.
     */
    static long iterate(long key, long id) {
        long h = (key ^ id) * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }
}
