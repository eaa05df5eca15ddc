package dev.fencecheck.drivers.armsoc.drm;

import dev.fencecheck.api.kernel.Gpu;
import dev.fencecheck.api.kernel.GpuMapping;
import dev.fencecheck.api.kernel.Mm;
import dev.fencecheck.api.kernel.MmuIntervalNotifier;

/**
 * Kernel source: mm/mmu_notifier.c (the interval-notifier protocol it borrows).
 * A range of GPU virtual addresses that a driver backs only when the GPU touches it: panfrost's
 * growable heap ({@code PANFROST_BO_HEAP}), lima's heap buffer, v3d's binner overflow pool. A GPU
 * access there before the driver has backed it stops the job until the driver's handler has
 * allocated and mapped memory, which is what the model's recoverable-fault machinery does.
 *
 * <p>Model glue, not kernel code. The SPI can only map userptr ranges into the GPU page tables
 * ({@link Gpu#mapUserptr}), through their interval notifier, and only a userptr access can fault
 * ({@code GpuStep.Kind.USERPTR}; a buffer-object access always succeeds). So the range gets an
 * interval notifier of its own at probe time, in a part of the address space nothing maps or
 * unmaps, and the driver's accesses to it are userptr steps. Its notifier sequence is read once
 * from an ioctl ({@link #prepare}, mmu_interval_read_begin() may wait, which the fault handler must
 * not do), and {@link #map} then stands for the driver's page-table update (mmu_map_sg(),
 * lima_vm_map_bo(), the V3D_PTB_BPOA/BPOS writes).
 */
public final class OnDemandGpuVa {
    private final Gpu gpu;
    private final long start;
    private final long length;
    private final MmuIntervalNotifier notifier;
    private Long seq;

    /** At probe time (outside any modelled thread). */
    public OnDemandGpuVa(Mm mm, Gpu gpu, long start, long length) {
        this.gpu = gpu;
        this.start = start;
        this.length = length;
        this.notifier = mm.insertNotifier(start, length, (n, event, blockable, curSeq) -> {
            n.setSeq(curSeq);
            return true;
        });
    }

    /** From an ioctl, before any lock: the sequence the mappings are made under. */
    public void prepare() {
        if (seq == null) {
            seq = notifier.readBegin();
        }
    }

    /** The GPU address the driver's work touches first (the start of the range). */
    public long address() {
        return start;
    }

    public boolean contains(long address) {
        return address >= start && address - start < length;
    }

    /** Maps the range into the GPU page tables; null if no ioctl prepared it. */
    public GpuMapping map() {
        if (seq == null) {
            return null;
        }
        return gpu.mapUserptr(notifier, seq);
    }
}
