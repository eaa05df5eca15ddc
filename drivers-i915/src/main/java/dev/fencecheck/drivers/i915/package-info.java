/**
 * The i915 driver model ({@code drivers/gpu/drm/i915/}): execbuf with userptr revalidation, the
 * userptr mmu interval notifier that waits for the GPU (but not for an exiting process), the GEM
 * shrinker that waits for active objects from kswapd, execlists submission with the request
 * watchdog, preemption and engine reset, and the dma_fence_work worker that binds vmas. Classes
 * are named after the kernel files they model; historical variants swap one bound behaviour.
 *
 * <p>i915 does not use drm_sched. The model still runs i915's request submission on the SPI's
 * {@link dev.fencecheck.api.kernel.GpuScheduler}, the only kernel thread a driver may create:
 * one scheduler per engine stands for the i915 scheduler and the execlists tasklet (an entity is
 * an intel_context timeline, a job is an i915_request whose {@code submit} i915_sw_fence is its
 * first dependency, run_job is execlists_dequeue(), the timeout is the request watchdog), and one
 * more stands for {@code system_unbound_wq} running dma_fence_work items.
 */
package dev.fencecheck.drivers.i915;
