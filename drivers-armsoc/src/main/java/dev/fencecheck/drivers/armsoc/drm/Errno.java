package dev.fencecheck.drivers.armsoc.drm;

/** The errno values the models use ({@code include/uapi/asm-generic/errno*.h}), negated as in the kernel. */
public final class Errno {
    public static final int ENOMEM = -12;
    public static final int EFAULT = -14;
    public static final int EINVAL = -22;
    public static final int ENOSPC = -28;
    public static final int ETIMEDOUT = -110;
    public static final int ECANCELED = -125;

    private Errno() {
    }
}
