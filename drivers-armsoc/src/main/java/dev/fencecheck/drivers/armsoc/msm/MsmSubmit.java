package dev.fencecheck.drivers.armsoc.msm;

import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.drivers.armsoc.drm.DrmSchedJob;
import java.util.List;

/** {@code struct msm_gem_submit} ({@code msm_gem.h}). */
final class MsmSubmit extends DrmSchedJob {
    final int ring;
    final List<MsmGemObject> bos;
    /** submit->hw_fence: allocated by submit_create() (mainline) or msm_job_run() (6.1). */
    boolean hwFenceAllocated;
    /** The hardware fence, once initialised (msm_fence_init()). */
    DmaFence hwFence;
    /** Whether the objects are still pinned (BO_OBJ_PINNED). */
    boolean pinned;

    MsmSubmit(String name, GpuContext context, int ring, List<GpuStep> steps, List<MsmGemObject> bos) {
        super(name, context, steps);
        this.ring = ring;
        this.bos = List.copyOf(bos);
    }
}
