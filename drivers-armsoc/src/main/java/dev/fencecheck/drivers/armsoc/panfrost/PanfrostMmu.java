package dev.fencecheck.drivers.armsoc.panfrost;

import dev.fencecheck.api.kernel.Gpu;
import dev.fencecheck.api.kernel.GpuFault;
import dev.fencecheck.api.kernel.GpuFaultHandler;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.drivers.armsoc.drm.Errno;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * {@code panfrost_mmu.c}: the threaded MMU interrupt ({@code panfrost_mmu_irq_handler_thread()}),
 * which grows a heap object on a translation fault ({@code panfrost_mmu_map_fault_addr()}) and
 * treats every other fault as terminal. The faulting job, and its done fence, wait for all of it:
 * the heap's lock (its {@code dma_resv} since 6.5) and the GFP_KERNEL allocations are inside the
 * fence's signalling path, although nothing annotates the fault thread in the kernel.
 */
@SuppressWarnings("try") // lock holds are try-with-resources whose body does not name them
@Singleton
final class PanfrostMmu implements GpuFaultHandler {
    private static final int ENOENT = -2;

    private final PanfrostDevice pfdev;
    private final PanfrostMapFaultAddr mapFaultAddr;

    @Inject
    PanfrostMmu(PanfrostDevice pfdev, PanfrostMapFaultAddr mapFaultAddr, Gpu gpu) {
        this.pfdev = pfdev;
        this.mapFaultAddr = mapFaultAddr;
        // panfrost_mmu_init(): devm_request_threaded_irq(..., panfrost_mmu_irq_handler, panfrost_mmu_irq_handler_thread, ...)
        gpu.onFault(this);
    }

    // panfrost_mmu_irq_handler_thread()
    @Override
    public boolean handle(GpuFault fault) {
        // "Page fault only": a translation fault goes to panfrost_mmu_map_fault_addr()
        int ret = mapFaultAddr(fault.address());
        if (ret != 0) {
            // "terminal fault": as_faulty_mask |= mask; panfrost_mmu_disable() kills the jobs on the AS
            try (Held as = pfdev.asLock.lock()) {
                return false;
            }
        }
        return true;
    }

    // panfrost_mmu_map_fault_addr()
    private int mapFaultAddr(long addr) {
        // addr_to_mapping(): the mapping of the faulting address, under as_lock and mmu->mm_lock
        PanfrostGemObject bo;
        try (Held as = pfdev.asLock.lock(); Held mm = pfdev.mmuMmLock.lock()) {
            bo = pfdev.heapVa.contains(addr) ? pfdev.heap : null;
        }
        if (bo == null) {
            return ENOENT;
        }
        if (!bo.isHeap) {
            return Errno.EINVAL; // dev_WARN("matching BO is not heap type")
        }
        // "Assume 2MB alignment and size multiple": the 2 MiB chunk holding addr
        return mapFaultAddr.map(bo);
    }
}
