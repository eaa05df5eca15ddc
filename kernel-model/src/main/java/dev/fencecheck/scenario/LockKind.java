package dev.fencecheck.scenario;

/** The lock kinds of the format, with the kernel behaviour that matters to validation. */
public enum LockKind {
    MUTEX("mutex", false, true),
    SPINLOCK("spinlock", true, false),
    RWSEM("rwsem", false, true),
    RWLOCK("rwlock", true, false),
    WW_MUTEX("ww_mutex", false, true),
    MAP("map", false, false);

    private final String keyword;
    private final boolean spinning;
    private final boolean sleeping;

    LockKind(String keyword, boolean spinning, boolean sleeping) {
        this.keyword = keyword;
        this.spinning = spinning;
        this.sleeping = sleeping;
    }

    public String keyword() {
        return keyword;
    }

    /** Holding it makes the context atomic (preemption disabled). */
    public boolean spinning() {
        return spinning;
    }

    /** A blocking acquisition may sleep. */
    public boolean sleeping() {
        return sleeping;
    }

    public static LockKind byKeyword(String word) {
        for (LockKind k : values()) {
            if (k.keyword.equals(word)) {
                return k;
            }
        }
        return null;
    }
}
