package dev.fencecheck.drivers.amd;

/** The errno values the AMD driver models return ({@code include/uapi/asm-generic/errno*.h}). */
public final class Errno {
    public static final int ENOMEM = -12;
    public static final int EFAULT = -14;
    public static final int EINVAL = -22;
    public static final int EAGAIN = -11;
    public static final int EBUSY = -16;
    public static final int ETIME = -62;
    public static final int ECANCELED = -125;

    private Errno() {
    }
}
