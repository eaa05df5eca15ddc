package dev.fencecheck.drivers.armsoc.lima;

import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.drivers.armsoc.drm.DrmSchedJob;
import java.util.List;

/** {@code struct lima_sched_task} ({@code lima_sched.h}). */
final class LimaTask extends DrmSchedJob {
    final LimaPipe pipe;
    final List<LimaBo> bos;
    /** task->fence. */
    DmaFence fence;
    boolean fenceAllocated;
    /** task->recoverable, task->heap: set by lima_gp_task_run() when the PLBU uses a heap object. */
    boolean recoverable;
    LimaBo heap;

    LimaTask(String name, GpuContext context, LimaPipe pipe, List<GpuStep> steps, List<LimaBo> bos) {
        super(name, context, steps);
        this.pipe = pipe;
        this.bos = List.copyOf(bos);
    }
}
