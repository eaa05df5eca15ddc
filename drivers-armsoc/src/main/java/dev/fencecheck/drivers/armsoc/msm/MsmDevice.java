package dev.fencecheck.drivers.armsoc.msm;

import dev.fencecheck.api.kernel.Gpu;
import dev.fencecheck.api.kernel.GpuEngine;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.Mutex;
import dev.fencecheck.api.kernel.Reservations;
import dev.fencecheck.api.kernel.SpinLock;
import dev.fencecheck.drivers.armsoc.drm.GemHandles;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct msm_drm_private} and {@code struct msm_gpu} ({@code msm_drv.h}, {@code msm_gpu.h}):
 * the rings, the locks, and the GEM objects of the one DRM file the model has.
 */
@Singleton
final class MsmDevice {
    /** a5xx_gpu_init(): adreno_gpu_init(..., nr_rings = 4); ring 0 has the highest priority. */
    static final int NR_RINGS = 4;
    /** Pages of a buffer object (64 KiB). */
    static final long BO_PAGES = 16;

    /** gpu->lock: "TODO move submit path over to using a per-ring lock..". */
    final Mutex gpuLock;
    /** gpu->active_lock: the idle/busy transitions of devfreq and runtime PM. */
    final Mutex activeLock;
    /** priv->lru.lock (drm_gem_lru). */
    final Mutex lruLock;
    /** ring->submit_lock, one class for all rings. */
    final SpinLock submitLock;
    /** devfreq->lock of the GPU's devfreq device (drivers/devfreq/devfreq.c). */
    final Mutex devfreqLock;
    /** dev_pm_qos_mtx (drivers/base/power/qos.c), global. */
    final Mutex devPmQosMtx;
    final GemHandles<MsmGemObject> handles;
    private final Gpu gpu;
    /** Runtime PM: the GPU is suspended until the first submit (autosuspend is not modelled). */
    boolean suspended = true;
    /** gpu->needs_hw_init. */
    boolean needsHwInit = true;
    /** The probe-time part run lazily by the first ioctl (see MsmPm.probe()). */
    boolean probed;
    /** gpu->active_submits. */
    int activeSubmits;

    @Inject
    MsmDevice(Locks locks, Reservations reservations, Gpu gpu) {
        this.gpu = gpu;
        this.gpuLock = locks.mutex("msm.gpu.lock");
        this.activeLock = locks.mutex("msm.gpu.active_lock");
        this.lruLock = locks.mutex("msm.lru.lock");
        this.submitLock = locks.spinlock("msm.ring.submit_lock");
        this.devfreqLock = locks.mutex("devfreq.lock");
        this.devPmQosMtx = locks.mutex("dev_pm_qos_mtx");
        this.handles = new GemHandles<>(reservations, (n, r) -> new MsmGemObject(n, r, BO_PAGES));
    }

    static List<String> rings() {
        List<String> rings = new ArrayList<>();
        for (int i = 0; i < NR_RINGS; i++) {
            rings.add("ring" + i);
        }
        return rings;
    }

    static int ring(String engine) {
        int i = rings().indexOf(engine);
        if (i < 0) {
            throw new IllegalArgumentException("msm has no ring " + engine + " (rings: " + rings() + ")");
        }
        return i;
    }

    GpuEngine engine(int ring) {
        return gpu.engine("ring" + ring);
    }
}
