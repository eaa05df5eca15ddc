package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.DmaFence;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Kernel source: drivers/dma-buf/dma-fence.c.
 * The errors the model's own signallers (the GPU interrupt, force completion) signal fences with,
 * for fence callbacks. A callback runs under the fence's lock, where the kernel reads
 * {@code f->error} directly; the {@link DmaFence} interface only offers dma_fence_get_status(),
 * which would take that lock again.
 */
final class FenceErrors {
    private static final Map<DmaFence, Integer> ERRORS = Collections.synchronizedMap(new WeakHashMap<>());

    private FenceErrors() {
    }

    /** Signals {@code fence}, with {@code error} if it is negative, and remembers the error. */
    static void signal(DmaFence fence, int error) {
        if (error < 0) {
            ERRORS.put(fence, error);
            fence.signal(error);
        } else {
            fence.signal();
        }
    }

    /** The error a fence was signalled with by the model, 0 if none is known. */
    static int of(DmaFence fence) {
        Integer e = fence == null ? null : ERRORS.get(fence);
        return e == null ? 0 : e;
    }
}
