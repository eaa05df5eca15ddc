package dev.fencecheck.drivers.armsoc.v3d;

import dev.fencecheck.api.kernel.Gpu;
import dev.fencecheck.api.kernel.GpuFault;
import dev.fencecheck.api.kernel.GpuFaultHandler;
import dev.fencecheck.api.kernel.Held;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * {@code v3d_irq.c}. "When we take the binner out of memory interrupt, we need to allocate some new
 * memory and pass it to the binner so that the current job can make progress": {@code v3d_irq()}
 * sees {@code V3D_INT_OUTOMEM} and schedules {@code v3d_overflow_mem_work()}, which creates a
 * 256 KiB BO and writes it to {@code V3D_PTB_BPOA/BPOS}. The bin job, and its fence, wait for it.
 * Other MMU errors ({@code v3d_hub_irq()}) are only reported; the model fails the job.
 *
 * <p>In the model the binner's access to the overflow pool is the access that stalls, and the
 * fault worker stands in for the system workqueue running the overflow work.
 */
@SuppressWarnings("try") // lock holds are try-with-resources whose body does not name them
@Singleton
final class V3dIrq implements GpuFaultHandler {
    private final V3dDevice v3d;
    private final V3dBoCreate boCreate;

    @Inject
    V3dIrq(V3dDevice v3d, V3dBoCreate boCreate, Gpu gpu) {
        this.v3d = v3d;
        this.boCreate = boCreate;
        // v3d_irq_init(): INIT_WORK(&v3d->overflow_mem_work, v3d_overflow_mem_work); devm_request_irq()
        gpu.onFault(this);
    }

    @Override
    public boolean handle(GpuFault fault) {
        if (!v3d.overflowVa.contains(fault.address())) {
            // v3d_hub_irq(): "MMU error from client %s (0x%x) at 0x%llx"
            return false;
        }
        return overflowMemWork();
    }

    // v3d_overflow_mem_work()
    private boolean overflowMemWork() {
        V3dBo bo = boCreate.create(V3dDevice.OVERFLOW_PAGES);
        if (bo == null) {
            // DRM_ERROR("Couldn't allocate binner overflow mem"): the binner stays out of memory
            // until the scheduler's timeout resets the GPU; the model fails the bin job instead
            return false;
        }
        // "We lost a race, and our work task came in after the bin job completed and exited."
        try (Held l = v3d.jobLock.lockIrqsave()) {
            if (v3d.binJob == null) {
                return true;
            }
            // drm_gem_object_get(obj); list_add_tail(&bo->unref_head, &v3d->bin_job->render->unref_list)
        }
        // v3d_mmu_flush_all(v3d); V3D_CORE_WRITE(0, V3D_PTB_BPOA, ...); V3D_CORE_WRITE(0, V3D_PTB_BPOS, obj->size)
        v3d.overflow = v3d.overflowVa.map();
        return true;
    }
}
