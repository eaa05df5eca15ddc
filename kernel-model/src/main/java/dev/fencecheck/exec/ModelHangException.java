package dev.fencecheck.exec;

/**
 * A modelled thread ran for too long without reaching a kernel operation: its Java code loops
 * or blocks a real thread. The message names the thread and the last operation it passed.
 */
public final class ModelHangException extends RuntimeException {
    public ModelHangException(String message) {
        super(message);
    }
}
