package dev.fencecheck.drivers.armsoc.drm;

import dev.fencecheck.api.kernel.DmaResv;

/**
 * A GEM buffer object ({@code struct drm_gem_object}, {@code drm_gem.c}): the name userspace knows
 * it by, its reservation object, and its size in pages. Drivers extend it with their own state
 * (panfrost's {@code gpu_usecount}, msm's LRU position, etnaviv's userptr range).
 */
public class GemObject {
    private final String name;
    private final DmaResv resv;
    private final long pages;

    public GemObject(String name, DmaResv resv, long pages) {
        this.name = name;
        this.resv = resv;
        this.pages = pages;
    }

    public final String name() {
        return name;
    }

    /** obj->resv. */
    public final DmaResv resv() {
        return resv;
    }

    /** obj->size >> PAGE_SHIFT. */
    public final long pages() {
        return pages;
    }

    @Override
    public String toString() {
        return name;
    }
}
