package dev.fencecheck.lockdep;

/**
 * Lockdep's usage bits ({@code kernel/locking/lockdep_internals.h}, {@code lockdep_states.h}):
 * for each irq state (hardirq = 0, softirq = 1) four bits {@code USED_IN, USED_IN_READ, ENABLED,
 * ENABLED_READ}, so bit = state * 4 + dir * 2 + read.
 */
final class UsageBits {
    static final int STATES = 8;
    static final int READ_MASK = 1;
    static final int DIR_MASK = 2;

    static final int HARDIRQ = 0;
    static final int SOFTIRQ = 1;

    static final int USED_IN_IRQ_ALL = 0b0011_0011;
    static final int ENABLED_IRQ_ALL = 0b1100_1100;
    /** LOCKF_IRQ: the non-read bits. */
    static final int IRQ = 0b0101_0101;
    /** LOCKF_IRQ_READ: the read bits. */
    static final int IRQ_READ = 0b1010_1010;

    private UsageBits() {
    }

    static int usedIn(int state, boolean read) {
        return state * 4 + (read ? READ_MASK : 0);
    }

    static int enabled(int state, boolean read) {
        return state * 4 + DIR_MASK + (read ? READ_MASK : 0);
    }

    static int flag(int bit) {
        return 1 << bit;
    }

    /** exclusive_bit(): keep the state, flip the direction, strip read. */
    static int exclusiveBit(int bit) {
        return (bit & ~(READ_MASK | DIR_MASK)) | ((bit & DIR_MASK) ^ DIR_MASK);
    }

    /** invert_dir_mask(): ENABLED bits become USED_IN bits and the reverse. */
    static int invertDir(int mask) {
        return ((mask & ENABLED_IRQ_ALL) >>> DIR_MASK) | ((mask & USED_IN_IRQ_ALL) << DIR_MASK);
    }

    /** exclusive_mask(): the usages that conflict with any in {@code mask}, read or not. */
    static int exclusiveMask(int mask) {
        int excl = invertDir(mask);
        excl |= (excl & IRQ_READ) >>> READ_MASK;
        excl |= (excl & IRQ) << READ_MASK;
        return excl;
    }

    /** original_mask(): the usages that {@code mask} may be exclusive to. */
    static int originalMask(int mask) {
        int excl = invertDir(mask);
        excl |= (excl & IRQ_READ) >>> READ_MASK;
        excl |= (excl & IRQ) << READ_MASK;
        return excl;
    }

    /** The kernel's name of a bit as in its splats: IN-HARDIRQ-W, SOFTIRQ-ON-R, ... */
    static String name(int bit) {
        String state = (bit >> 2) == HARDIRQ ? "HARDIRQ" : "SOFTIRQ";
        String rw = (bit & READ_MASK) != 0 ? "R" : "W";
        return (bit & DIR_MASK) != 0 ? state + "-ON-" + rw : "IN-" + state + "-" + rw;
    }

    /** state_name(): "HARDIRQ", "SOFTIRQ-READ", ... */
    static String stateName(int bit) {
        String state = (bit >> 2) == HARDIRQ ? "HARDIRQ" : "SOFTIRQ";
        return (bit & READ_MASK) != 0 ? state + "-READ" : state;
    }
}
