package dev.fencecheck.drivers.armsoc.lima;

import dev.fencecheck.api.kernel.Gpu;
import dev.fencecheck.api.kernel.GpuEngine;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.Mm;
import dev.fencecheck.api.kernel.Mutex;
import dev.fencecheck.api.kernel.Reservations;
import dev.fencecheck.drivers.armsoc.drm.GemHandles;
import dev.fencecheck.drivers.armsoc.drm.OnDemandGpuVa;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Kernel source: drivers/gpu/drm/lima/lima_gem.c, drivers/gpu/drm/lima/lima_gp.c.
 * {@code struct lima_device} and the one DRM file of the model: its VM ({@code struct lima_vm} and
 * {@code vm->lock}), its GEM handles, and the tiler heap userspace creates with
 * {@code LIMA_BO_FLAG_HEAP} and points the PLBU at.
 */
@Singleton
final class LimaDevice {
    /** lima_heap_init_nr_pages (module parameter, default 8): the heap's first backing. */
    static final long HEAP_INIT_PAGES = 8;
    /** The heap object's size: room to double once. */
    static final long HEAP_PAGES = 2 * HEAP_INIT_PAGES;
    /** GPU address of the heap; its first HEAP_INIT_PAGES are backed from the start. */
    static final long HEAP_VA = 0x2_0000_0000L;
    /** Pages of an ordinary buffer object (64 KiB). */
    static final long BO_PAGES = 16;

    /** vm->lock. */
    final Mutex vmLock;
    final GemHandles<LimaBo> handles;
    final LimaBo heap;
    /** The part of the heap past its current heap_size: backed by lima_heap_alloc(). */
    final OnDemandGpuVa heapGrowth;
    private final Gpu gpu;

    @Inject
    LimaDevice(Locks locks, Reservations reservations, Mm mm, Gpu gpu) {
        this.gpu = gpu;
        this.vmLock = locks.mutex("lima.vm.lock");
        this.handles = new GemHandles<>(reservations, (n, r) -> new LimaBo(n, r, BO_PAGES, 0));
        this.heap = handles.add(new LimaBo("tile-heap", reservations.create("tile-heap"), HEAP_PAGES,
                HEAP_INIT_PAGES));
        this.heapGrowth = new OnDemandGpuVa(mm, gpu, HEAP_VA + HEAP_INIT_PAGES * 4096,
                (HEAP_PAGES - HEAP_INIT_PAGES) * 4096);
    }

    GpuEngine engine(LimaPipe pipe) {
        return gpu.engine(pipe.engine);
    }
}
