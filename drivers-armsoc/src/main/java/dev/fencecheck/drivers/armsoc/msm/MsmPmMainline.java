package dev.fencecheck.drivers.armsoc.msm;

import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Memory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Kernel source: drivers/gpu/drm/msm/msm_gpu.c, drivers/gpu/drm/msm/msm_gpu_devfreq.c, drivers/base/power/qos.c.
 * Mainline, after "PM / QoS: Fix constraints alloc vs reclaim locking" and "PM / devfreq: Drop
 * unneed locking to appease lockdep" (no allocation under {@code dev_pm_qos_mtx} or
 * {@code devfreq->lock}) and "drm/msm/gpu: Move BO allocation out of hw_init" / "drm/msm: Move fw
 * loading out of hw_init/runtime-resume" (hw_init allocates nothing).
 */
@SuppressWarnings("try") // lock holds are try-with-resources whose body does not name them
@Singleton
final class MsmPmMainline implements MsmPm {
    private final MsmDevice dev;
    private final Memory memory;

    @Inject
    MsmPmMainline(MsmDevice dev, Memory memory) {
        this.dev = dev;
        this.memory = memory;
    }

    @Override
    public void probe() {
        // dev_pm_qos_constraints_allocate(): kzalloc(GFP_KERNEL) before taking dev_pm_qos_mtx
        memory.alloc(Gfp.GFP_KERNEL, 1);
        try (Held qos = dev.devPmQosMtx.lock()) {
            // __dev_pm_qos_add_request() with the constraints already allocated
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
        // a5xx_hw_init(): firmware and its BOs were loaded at probe (adreno_load_gpu())
    }

    @Override
    public void devfreqActive() {
        // msm_devfreq_active(): "Hold devfreq lock to synchronize with get_dev_status()/target() callbacks"
        try (Held df = dev.devfreqLock.lock()) {
            // msm_devfreq_target()
        }
    }
}
