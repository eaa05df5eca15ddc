package dev.fencecheck.api.kernel;

/**
 * The allocation masks a driver may pass, with the bits that decide their reclaim behaviour
 * ({@code include/linux/gfp_types.h}).
 */
public enum Gfp {
    /** {@code __GFP_RECLAIM | __GFP_IO | __GFP_FS}: may enter direct reclaim with fs recursion. */
    GFP_KERNEL(Gfp.DIRECT_RECLAIM | Gfp.KSWAPD_RECLAIM | Gfp.IO | Gfp.FS),
    /** {@code __GFP_RECLAIM | __GFP_IO}: direct reclaim without fs recursion. */
    GFP_NOFS(Gfp.DIRECT_RECLAIM | Gfp.KSWAPD_RECLAIM | Gfp.IO),
    /** {@code __GFP_RECLAIM}: direct reclaim without io or fs recursion. */
    GFP_NOIO(Gfp.DIRECT_RECLAIM | Gfp.KSWAPD_RECLAIM),
    /** {@code __GFP_KSWAPD_RECLAIM}: never sleeps, may fail. */
    GFP_NOWAIT(Gfp.KSWAPD_RECLAIM),
    /** {@code __GFP_HIGH | __GFP_KSWAPD_RECLAIM}: never sleeps, may dip into reserves, may fail. */
    GFP_ATOMIC(Gfp.HIGH | Gfp.KSWAPD_RECLAIM);

    public static final int IO = 1;
    public static final int FS = 1 << 1;
    public static final int DIRECT_RECLAIM = 1 << 2;
    public static final int KSWAPD_RECLAIM = 1 << 3;
    public static final int HIGH = 1 << 4;

    private final int flags;

    Gfp(int flags) {
        this.flags = flags;
    }

    /** The {@code __GFP_*} bits of this mask. */
    public int flags() {
        return flags;
    }

    /** {@code gfpflags_allow_blocking()}: the allocation may sleep. */
    public boolean mayBlock() {
        return (flags & DIRECT_RECLAIM) != 0;
    }

    public static Gfp byName(String name) {
        for (Gfp g : values()) {
            if (g.name().equals(name)) {
                return g;
            }
        }
        return null;
    }
}
