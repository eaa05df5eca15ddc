package dev.fencecheck.drivers.armsoc.panfrost;

import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.drivers.armsoc.drm.DrmSchedJob;
import java.util.List;

/** {@code struct panfrost_job} ({@code panfrost_job.h}). */
final class PanfrostJob extends DrmSchedJob {
    final int slot;
    final List<PanfrostGemObject> bos;
    /** job->done_fence: the hardware fence of the last run. */
    DmaFence doneFence;
    /** Whether panfrost_fence_create()'s kzalloc() is still to be freed. */
    boolean fenceAllocated;

    PanfrostJob(String name, GpuContext context, int slot, List<GpuStep> steps, List<PanfrostGemObject> bos) {
        super(name, context, steps);
        this.slot = slot;
        this.bos = List.copyOf(bos);
    }
}
