package dev.fencecheck.drivers.amd.amdgpu;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.Mutex;

/**
 * drm_modeset_lock.c: the modeset locks of the one CRTC and its plane, ww_mutexes of
 * {@code crtc_ww_class} taken under one drm_modeset_acquire_ctx. The model stands for all of
 * them with one mutex of that class (lockdep sees them nested in the acquire context, so one
 * class acquisition is what it records). drm_mode_atomic_ioctl() holds them around its
 * allocations and, for a blocking commit, around drm_atomic_helper_wait_for_fences().
 */
@Singleton
final class DrmModeset {
    private final Mutex locks;

    @Inject
    DrmModeset(Locks locks) {
        this.locks = locks.mutex("crtc_ww_class_mutex");
    }

    /** drm_modeset_lock_all_ctx() (as far as one CRTC and its plane go) .. drm_modeset_drop_locks(). */
    Held lockAll() {
        return locks.lock();
    }
}
