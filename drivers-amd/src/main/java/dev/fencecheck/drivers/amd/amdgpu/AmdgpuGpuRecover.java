package dev.fencecheck.drivers.amd.amdgpu;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.kernel.GpuJob;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.RwSemaphore;
import dev.fencecheck.drivers.amd.Errno;
import java.util.ArrayList;
import java.util.List;

/**
 * amdgpu_device.c: amdgpu_device_gpu_recover(), called from amdgpu_job_timedout() inside the
 * scheduler's timeout work, a fence signalling section: every fence of every ring waits for it.
 * It locks the reset domain, halts activities (KFD pre-reset, the fbdev client's suspend, which
 * takes console_lock, and drm_sched_stop() on every ring), suspends the IPs (display included,
 * {@link DmReset}), resets the ASIC, resumes, force-completes the dropped hardware fences
 * (amdgpu_fence_driver_force_completion()) and restarts the schedulers. The path is open (V7):
 * locks held elsewhere around allocations and fence waits, and GFP_KERNEL allocations.
 */
@SuppressWarnings("try") // lock holds and sections are try-with-resources, as the kernel holds them
@Singleton
public final class AmdgpuGpuRecover {
    private final AmdgpuRings rings;
    private final DmReset dm;
    private final AmdgpuFbdev fbdev;
    private final KfdResetHooks kfd;
    /** adev->reset_domain->sem. */
    private final RwSemaphore resetDomain;

    @Inject
    AmdgpuGpuRecover(AmdgpuRings rings, DmReset dm, AmdgpuFbdev fbdev, KfdResetHooks kfd, Locks locks) {
        this.rings = rings;
        this.dm = dm;
        this.fbdev = fbdev;
        this.kfd = kfd;
        this.resetDomain = locks.rwsem("reset_domain->sem");
    }

    void gpuRecover(AmdgpuRing guilty, AmdgpuJob job) {
        // amdgpu_device_lock_reset_domain()
        try (Held domain = resetDomain.write()) {
            // amdgpu_device_halt_activities()
            kfd.preReset();
            fbdev.suspend();
            for (AmdgpuRing ring : rings.all()) {
                ring.sched.stop(ring == guilty ? job : null);
            }
            List<GpuJob> dropped = new ArrayList<>();
            // amdgpu_device_pre_asic_reset() -> amdgpu_device_ip_suspend(): dm_suspend()
            try (Held display = dm.suspend()) {
                // amdgpu_do_asic_reset(): the whole ASIC, every ring's contents are lost
                for (AmdgpuRing ring : rings.all()) {
                    dropped.addAll(ring.engine.reset());
                }
            }
            // amdgpu_fence_driver_force_completion(): -ECANCELED for what the rings lost
            for (GpuJob lost : dropped) {
                if (lost.fence() != null) {
                    lost.fence().signal(Errno.ECANCELED);
                }
            }
            // amdgpu_device_sched_resume(): drm_sched_start()
            for (AmdgpuRing ring : rings.all()) {
                ring.sched.start(0);
            }
            kfd.postReset();
            // drm_client_dev_resume()
            fbdev.resume();
        }
    }
}
