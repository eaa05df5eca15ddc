package dev.fencecheck.drivers.armsoc.drm;

import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.api.kernel.Job;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The part of a {@code struct drm_sched_job} a driver fills in ({@code include/drm/gpu_scheduler.h}):
 * its dependencies, added before the job is pushed, and the work it carries. Drivers embed it in
 * their own job ({@code struct panfrost_job}, {@code struct msm_gem_submit}, ...).
 */
public abstract class DrmSchedJob implements Job {
    private final String name;
    private final GpuContext context;
    private final List<GpuStep> steps;
    private final List<DmaFence> dependencies = new ArrayList<>();
    /** The finished fence drm_sched_entity_push_job() published (submit->out_fence). */
    private DmaFence finished;

    protected DrmSchedJob(String name, GpuContext context, List<GpuStep> steps) {
        this.name = name;
        this.context = context;
        this.steps = List.copyOf(steps);
    }

    @Override
    public final String name() {
        return name;
    }

    public final GpuContext context() {
        return context;
    }

    /** What the job makes the engine do: its command stream. */
    public final List<GpuStep> steps() {
        return steps;
    }

    /** sched_main.c: drm_sched_job_add_dependency(). */
    public final void addDependency(DmaFence fence) {
        if (fence != null && !dependencies.contains(fence)) {
            dependencies.add(fence);
        }
    }

    /**
     * sched_main.c: drm_sched_job_add_implicit_dependencies(): the object's fences a reader
     * ({@code DMA_RESV_USAGE_WRITE}) or a writer ({@code DMA_RESV_USAGE_READ}, dma_resv_usage_rw())
     * must wait for. Needs the reservation held.
     */
    public final void addImplicitDependencies(GemObject obj, boolean write) {
        for (DmaFence f : obj.resv().fences(write ? DmaResv.Usage.READ : DmaResv.Usage.WRITE)) {
            addDependency(f);
        }
    }

    @Override
    public final List<DmaFence> dependencies() {
        return Collections.unmodifiableList(dependencies);
    }

    /** Remembers the finished fence after drm_sched_entity_push_job(). */
    public final void pushed(DmaFence finishedFence) {
        this.finished = finishedFence;
    }

    public final DmaFence finished() {
        return finished;
    }

    @Override
    public String toString() {
        return name;
    }
}
