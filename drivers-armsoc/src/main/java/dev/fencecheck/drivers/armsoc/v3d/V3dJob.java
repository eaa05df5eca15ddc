package dev.fencecheck.drivers.armsoc.v3d;

import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.drivers.armsoc.drm.DrmSchedJob;
import java.util.List;

/** {@code struct v3d_job} and its bin/render/TFU/CSD flavours ({@code v3d_drv.h}). */
final class V3dJob extends DrmSchedJob {
    final V3dQueue queue;
    final List<V3dBo> bos;
    /** job->irq_fence: the hardware fence of the run. */
    DmaFence irqFence;
    /** Whether v3d_fence_create()'s kzalloc() is still to be freed. */
    boolean fenceAllocated;
    /** job->timedout_ctca / timedout_ctra (CL jobs) or timedout_batches (CSD) were recorded. */
    boolean progressRecorded;

    V3dJob(String name, GpuContext context, V3dQueue queue, List<GpuStep> steps, List<V3dBo> bos) {
        super(name, context, steps);
        this.queue = queue;
        this.bos = List.copyOf(bos);
    }
}
