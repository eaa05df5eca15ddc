package dev.fencecheck.drivers.armsoc.panfrost;

import dev.fencecheck.api.kernel.Gpu;
import dev.fencecheck.api.kernel.GpuEngine;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.Mm;
import dev.fencecheck.api.kernel.Mutex;
import dev.fencecheck.api.kernel.Reservations;
import dev.fencecheck.api.kernel.SpinLock;
import dev.fencecheck.drivers.armsoc.drm.GemHandles;
import dev.fencecheck.drivers.armsoc.drm.OnDemandGpuVa;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * {@code struct panfrost_device} ({@code panfrost_device.h}) and the one DRM file the model has:
 * its locks, its job slots, its GEM handles, and the tiler heap userspace (Mesa) creates at
 * device open ({@code PANFROST_BO_HEAP | PANFROST_BO_NOEXEC}) and lists in every vertex/tiler job.
 */
@Singleton
final class PanfrostDevice {
    /**
     * The job slots (NUM_JOB_SLOTS is 3, but panfrost_job_get_slot() only ever picks JS0 for
     * fragment jobs and JS1 for everything else; JS2 is never used). JS1 comes first: it takes all
     * the work but fragment jobs.
     */
    static final List<String> SLOTS = List.of("js1", "js0");
    /** panfrost_mmu.c: NUM_FAULT_PAGES = SZ_2M / PAGE_SIZE. */
    static final long FAULT_PAGES = 512;
    /** GPU address of the tiler heap: out of the way of any userptr range. */
    static final long HEAP_VA = 0x1_0000_0000L;
    /** Pages of an ordinary buffer object (64 KiB). */
    static final long BO_PAGES = 16;

    final Mutex schedLock;
    final SpinLock asLock;
    /** mmu->mm_lock: the file's GPU VA allocator (one address space in the model). */
    final SpinLock mmuMmLock;
    final SpinLock jobLock;
    final Mutex shrinkerLock;
    final GemHandles<PanfrostGemObject> handles;
    final PanfrostGemObject heap;
    final OnDemandGpuVa heapVa;
    private final Gpu gpu;
    /** pfdev->reset.pending. */
    boolean resetPending;
    /** A timeout work is running; the others wait on the ordered pfdev->reset.wq. */
    boolean resetRunning;

    @Inject
    PanfrostDevice(Locks locks, Reservations reservations, Mm mm, Gpu gpu) {
        this.gpu = gpu;
        this.schedLock = locks.mutex("panfrost.sched_lock");
        this.asLock = locks.spinlock("panfrost.as_lock");
        this.mmuMmLock = locks.spinlock("panfrost.mmu.mm_lock");
        this.jobLock = locks.spinlock("panfrost.js.job_lock");
        this.shrinkerLock = locks.mutex("panfrost.shrinker_lock");
        this.handles = new GemHandles<>(reservations, (n, r) -> new PanfrostGemObject(n, r, BO_PAGES, false));
        this.heap = handles.add(new PanfrostGemObject("tiler-heap", reservations.create("tiler-heap"), 0, true));
        this.heapVa = new OnDemandGpuVa(mm, gpu, HEAP_VA, FAULT_PAGES * 4096);
    }

    /** panfrost_job_get_slot(): the slot of an engine name. */
    static int slot(String engine) {
        int i = SLOTS.indexOf(engine);
        if (i < 0) {
            throw new IllegalArgumentException("panfrost has no job slot " + engine + " (slots: " + SLOTS + ")");
        }
        return engine.equals("js0") ? 0 : 1;
    }

    GpuEngine engine(int slot) {
        return gpu.engine("js" + slot);
    }
}
