package dev.fencecheck.drivers.armsoc.msm;

import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Memory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Kernel source: drivers/gpu/drm/msm/msm_gpu_devfreq.c (v6.1).
 * 6.1: devfreq_add_device() holds {@code devfreq->lock} while it adds its PM QoS requests, which
 * allocate the device's constraints under {@code dev_pm_qos_mtx} with GFP_KERNEL; the GPU's
 * runtime resume and {@code msm_devfreq_active()}, reached from {@code msm_job_run()}, take those
 * locks; and the first hw_init after a resume allocates the microcode BOs.
 */
@SuppressWarnings("try") // lock holds are try-with-resources whose body does not name them
@Singleton
final class MsmPmV61 implements MsmPm {
    private final MsmDevice dev;
    private final Memory memory;

    @Inject
    MsmPmV61(MsmDevice dev, Memory memory) {
        this.dev = dev;
        this.memory = memory;
    }

    @Override
    public void probe() {
        // devfreq_add_device(): mutex_lock(&devfreq->lock); dev_pm_qos_add_request() ->
        // mutex_lock(&dev_pm_qos_mtx) -> dev_pm_qos_constraints_allocate(): kzalloc(GFP_KERNEL)
        try (Held df = dev.devfreqLock.lock(); Held qos = dev.devPmQosMtx.lock()) {
            memory.alloc(Gfp.GFP_KERNEL, 1);
        }
    }

    @Override
    public void resume() {
        // devfreq_resume_device(): mutex_lock(&devfreq->lock)
        try (Held df = dev.devfreqLock.lock()) {
            // governor resume
        }
    }

    @Override
    public void hwInit() {
        // a5xx_hw_init() -> a5xx_ucode_init() -> adreno_fw_create_bo() -> msm_gem_kernel_new():
        // GFP_KERNEL, on the first init after a resume
        memory.alloc(Gfp.GFP_KERNEL, 1);
    }

    @Override
    public void devfreqActive() {
        // msm_devfreq_active() -> dev_pm_qos_update_request() -> mutex_lock(&dev_pm_qos_mtx)
        try (Held qos = dev.devPmQosMtx.lock()) {
            // apply_constraint()
        }
    }
}
