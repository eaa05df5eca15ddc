package dev.fencecheck.drivers.i915;

import dev.fencecheck.api.kernel.Held;

/**
 * Mainline: {@code gem/i915_gem_execbuffer.c} calls no dma_fence_begin_signalling() (the only i915
 * annotation is around the error-capture vma snapshots), so lockdep sees nothing of what the
 * execbuf tail does after publishing its fence.
 */
final class ExecbufUnannotated implements ExecbufAnnotation {
    @Override
    public Held published() {
        return () -> {
        };
    }
}
