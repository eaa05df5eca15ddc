package dev.fencecheck.lockdep;

/**
 * The {@code read} argument of lockdep's {@code lock_acquire()} ({@code include/linux/lockdep.h}).
 */
public enum ReadMode {
    /** read=0: an exclusive (write) acquisition: mutex_lock, spin_lock, down_write, lock_map_acquire. */
    WRITE(0),
    /** read=1: a shared acquisition that may not recurse: down_read, lock_acquire_shared. */
    READ(1),
    /** read=2: a shared acquisition that may recurse: read_lock (recursive), lock_map_acquire_read. */
    RECURSIVE_READ(2);

    private final int level;

    ReadMode(int level) {
        this.level = level;
    }

    /** The kernel's numeric read level: 0, 1 or 2. */
    public int level() {
        return level;
    }

    public static ReadMode ofLevel(int level) {
        return switch (level) {
            case 0 -> WRITE;
            case 1 -> READ;
            case 2 -> RECURSIVE_READ;
            default -> throw new IllegalArgumentException("read level " + level);
        };
    }
}
