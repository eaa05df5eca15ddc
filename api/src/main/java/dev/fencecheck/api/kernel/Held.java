package dev.fencecheck.api.kernel;

/**
 * A lock hold, a signalling section or a memalloc scope: closing it releases what was taken, so
 * driver code reads like kernel code with try-with-resources.
 */
@FunctionalInterface
public interface Held extends AutoCloseable {
    @Override
    void close();
}
