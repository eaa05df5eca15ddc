package dev.fencecheck.drivers.amd.amdgpu;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.Mutex;

/**
 * Kernel source: drivers/gpu/drm/drm_client_event.c, called from drivers/gpu/drm/amd/amdgpu/amdgpu_device.c.
 * The fbdev emulation's part in a GPU reset (V9): mainline drm_client_dev_suspend() ->
 * drm_fbdev_client_suspend() -> drm_fb_helper_set_suspend_unlocked(), which takes console_lock
 * to suspend and only tries it to resume (console_trylock(), else the resume work); v5.8
 * amdgpu_fbdev_set_suspend() took console_lock both ways. console_lock is held elsewhere around
 * allocations and fence waits (fbcon), which the model of one driver does not see.
 */
@SuppressWarnings("try") // lock holds and sections are try-with-resources, as the kernel holds them
@Singleton
final class AmdgpuFbdev {
    private final Mutex consoleLock;
    private final boolean lockToResume;

    @Inject
    AmdgpuFbdev(Locks locks, AmdgpuVariant variant) {
        this.consoleLock = locks.mutex("console_lock");
        this.lockToResume = variant == AmdgpuVariant.TDR_5_8;
    }

    void suspend() {
        try (Held console = consoleLock.lock()) {
            // drm_fb_helper_set_suspend(fb_helper, true) -> fb_set_suspend()
        }
    }

    void resume() {
        Held console = lockToResume ? consoleLock.lock() : consoleLock.trylock();
        if (console != null) {
            // drm_fb_helper_set_suspend(fb_helper, false)
            console.close();
        }
    }
}
