package dev.fencecheck.scenario;

/** The operations a thread, shrinker or notifier body may perform. */
public enum OpCode {
    LOCK("lock", Arg.LOCK),
    READ("read", Arg.LOCK),
    READ_RECURSIVE("read_recursive", Arg.LOCK),
    TRYLOCK("trylock", Arg.LOCK),
    UNLOCK("unlock", Arg.LOCK),
    WW_ACQUIRE("ww_acquire", Arg.CONTEXT),
    WW_LOCK("ww_lock", Arg.LOCK),
    WW_RELEASE("ww_release", Arg.CONTEXT),
    ALLOC("alloc", Arg.GFP),
    NOFS_SAVE("nofs_save", Arg.NONE),
    NOFS_RESTORE("nofs_restore", Arg.NONE),
    NOIO_SAVE("noio_save", Arg.NONE),
    NOIO_RESTORE("noio_restore", Arg.NONE),
    NORECLAIM_SAVE("noreclaim_save", Arg.NONE),
    NORECLAIM_RESTORE("noreclaim_restore", Arg.NONE),
    BEGIN_SIGNALLING("begin_signalling", Arg.NONE),
    END_SIGNALLING("end_signalling", Arg.NONE),
    PUBLISH("publish", Arg.FENCE),
    SIGNAL("signal", Arg.FENCE),
    WAIT("wait", Arg.FENCE),
    MIGHT_SLEEP("might_sleep", Arg.NONE),
    IRQ_DISABLE("irq_disable", Arg.NONE),
    IRQ_ENABLE("irq_enable", Arg.NONE),
    BH_DISABLE("bh_disable", Arg.NONE),
    BH_ENABLE("bh_enable", Arg.NONE),
    INVALIDATE("invalidate", Arg.NONE),
    RECLAIM("reclaim", Arg.NONE);

    /** What the operation's first argument names. */
    public enum Arg { NONE, LOCK, FENCE, CONTEXT, GFP }

    private final String keyword;
    private final Arg arg;

    OpCode(String keyword, Arg arg) {
        this.keyword = keyword;
        this.arg = arg;
    }

    public String keyword() {
        return keyword;
    }

    public Arg arg() {
        return arg;
    }

    public static OpCode byKeyword(String word) {
        for (OpCode op : values()) {
            if (op.keyword.equals(word)) {
                return op;
            }
        }
        return null;
    }
}
