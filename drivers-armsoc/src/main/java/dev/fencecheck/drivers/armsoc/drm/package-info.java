/**
 * DRM core helpers the armsoc drivers share: the kernel services bound from the driver context,
 * GEM objects and their handle table ({@code drm_gem.c}), reservation locking with ww back-off
 * ({@code drm_gem_lock_reservations()}), the driver's part of a {@code drm_sched_job}, and the
 * errno values the models use.
 */
package dev.fencecheck.drivers.armsoc.drm;
