package dev.fencecheck.drivers.armsoc.drm;

/** {@code include/linux/shrinker.h}. */
public final class ShrinkControl {
    /** SHRINK_STOP (~0UL): the model's reclaim stops calling scan_objects() on a negative return. */
    public static final long SHRINK_STOP = -1;

    private ShrinkControl() {
    }
}
