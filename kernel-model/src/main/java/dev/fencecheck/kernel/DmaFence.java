package dev.fencecheck.kernel;

/**
 * A {@code struct dma_fence} as far as lock validation needs it: a name, its fence context
 * (timeline), whether it was published and whether it was signalled
 * ({@code drivers/dma-buf/dma-fence.c}).
 */
public final class DmaFence {
    private final String name;
    private final String timeline;
    private boolean published;
    private boolean signalled;

    public DmaFence(String name, String timeline) {
        this.name = name;
        this.timeline = timeline;
    }

    public String name() {
        return name;
    }

    public String timeline() {
        return timeline;
    }

    public boolean isPublished() {
        return published;
    }

    public boolean isSignalled() {
        return signalled;
    }

    void markPublished() {
        published = true;
    }

    /** dma_fence_signal(): true the first time, false when already signalled (-EINVAL). */
    boolean markSignalled() {
        if (signalled) {
            return false;
        }
        signalled = true;
        return true;
    }
}
