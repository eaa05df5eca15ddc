/**
 * msm ({@code drivers/gpu/drm/msm/}) with an Adreno 5xx: four priority ringbuffers with ring-level
 * preemption ({@code adreno/a5xx_preempt.c}), a drm_sched per ring, msm's own hangcheck and
 * recovery, a shrinker that waits a bounded time for active objects
 * ({@code msm_gem_shrinker_scan()}), and GPU faults that are reported, not resolved. Mainline is
 * Linux 6.12; the {@code msm@6.1} variant binds the 6.1 behaviour of job_run and runtime PM that
 * Rob Clark's 2023 series fixed (violation V16 of the reference).
 */
package dev.fencecheck.drivers.armsoc.msm;
