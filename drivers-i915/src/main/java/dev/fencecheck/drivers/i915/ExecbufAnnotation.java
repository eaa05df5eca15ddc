package dev.fencecheck.drivers.i915;

import dev.fencecheck.api.kernel.Held;

/**
 * Kernel source: drivers/gpu/drm/i915/gem/i915_gem_execbuffer.c.
 * Whether the tail of execbuf is annotated as a fence signalling section. R2 of the dma-fence
 * contract puts the section from the first dma_resv_add_fence() (readers are RCU-only, so the
 * fence is visible at once) to the hand-over to the backend in i915_request_add(). Mainline i915
 * does not annotate it; the 2020 series' CI run (V12) did see i915 signalling paths allocate.
 */
interface ExecbufAnnotation {
    /** Called right after the request's first fence went into a reservation object. */
    Held published();
}
