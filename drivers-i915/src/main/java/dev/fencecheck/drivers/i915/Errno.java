package dev.fencecheck.drivers.i915;

/** The errno values i915 returns or puts on fences ({@code include/uapi/asm-generic/errno-base.h}). */
final class Errno {
    static final int ENOENT = -2;
    static final int EINTR = -4;
    static final int EIO = -5;
    static final int EAGAIN = -11;
    static final int ENOMEM = -12;
    static final int EFAULT = -14;
    static final int ETIMEDOUT = -110;

    private Errno() {
    }
}
