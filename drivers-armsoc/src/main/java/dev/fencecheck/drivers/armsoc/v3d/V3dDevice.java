package dev.fencecheck.drivers.armsoc.v3d;

import dev.fencecheck.api.kernel.Gpu;
import dev.fencecheck.api.kernel.GpuEngine;
import dev.fencecheck.api.kernel.GpuMapping;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.Mm;
import dev.fencecheck.api.kernel.Mutex;
import dev.fencecheck.api.kernel.Reservations;
import dev.fencecheck.api.kernel.SpinLock;
import dev.fencecheck.drivers.armsoc.drm.GemHandles;
import dev.fencecheck.drivers.armsoc.drm.OnDemandGpuVa;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** {@code struct v3d_dev} ({@code v3d_drv.h}) and the GEM handles of the one DRM file of the model. */
@Singleton
final class V3dDevice {
    /** v3d_overflow_mem_work(): v3d_bo_create(dev, NULL, 256 * 1024), in pages. */
    static final long OVERFLOW_PAGES = 64;
    /** Where the binner's overflow memory goes in the V3D address space: out of any userptr's way. */
    static final long OVERFLOW_VA = 0x3_0000_0000L;
    /** Pages of a buffer object (64 KiB). */
    static final long BO_PAGES = 16;

    /** v3d->sched_lock: pushes jobs of one submission in order. */
    final Mutex schedLock;
    /** v3d->reset_lock. */
    final Mutex resetLock;
    /** v3d->job_lock: bin_job against v3d_overflow_mem_work(). */
    final SpinLock jobLock;
    /** v3d->mm_lock: the drm_mm of the V3D address space. */
    final SpinLock mmLock;
    final GemHandles<V3dBo> handles;
    /** The binner's overflow pool (V3D_PTB_BPOA/BPOS), backed on the binner's out-of-memory interrupt. */
    final OnDemandGpuVa overflowVa;
    private final Gpu gpu;
    /** v3d->bin_job. */
    V3dJob binJob;
    /** The overflow memory the binner currently has (BPOS != 0). */
    GpuMapping overflow;
    private int bos;

    @Inject
    V3dDevice(Locks locks, Reservations reservations, Mm mm, Gpu gpu) {
        this.gpu = gpu;
        this.schedLock = locks.mutex("v3d.sched_lock");
        this.resetLock = locks.mutex("v3d.reset_lock");
        this.jobLock = locks.spinlock("v3d.job_lock");
        this.mmLock = locks.spinlock("v3d.mm_lock");
        this.handles = new GemHandles<>(reservations, (n, r) -> new V3dBo(n, r, BO_PAGES));
        this.overflowVa = new OnDemandGpuVa(mm, gpu, OVERFLOW_VA, OVERFLOW_PAGES * 4096);
    }

    GpuEngine engine(V3dQueue q) {
        return gpu.engine(q.engine);
    }

    String nextBoName() {
        return "v3d_overflow." + (++bos);
    }
}
