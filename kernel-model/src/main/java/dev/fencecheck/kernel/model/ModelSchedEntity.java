package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.GpuScheduler;
import dev.fencecheck.api.kernel.Job;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * A scheduler entity ({@code drivers/gpu/drm/scheduler/sched_entity.c}): the job queue of one
 * context, two fence contexts (scheduled and finished, drm_sched_entity_init()), and the
 * dependency its head job currently waits for.
 */
final class ModelSchedEntity implements GpuScheduler.Entity {
    private final ModelScheduler sched;
    private final String name;
    final Deque<SchedJob> queue = new ArrayDeque<>();
    /** entity->dependency: a fence with drm_sched_entity_wakeup() installed as callback. */
    DmaFence dependency;
    /** drm_sched_entity_wakeup(): the dependency signalled; the scheduler may look again. */
    final Consumer<DmaFence> wakeup = f -> {
        if (dependency == f) {
            dependency = null;
        }
    };
    private final Fences.FenceTimeline scheduledTimeline;
    private final Fences.FenceTimeline finishedTimeline;

    /** drm_sched_entity_init(): dma_fence_context_alloc(2), for the scheduled and the finished fences. */
    ModelSchedEntity(ModelKernel kernel, ModelScheduler sched, String name) {
        this.sched = sched;
        this.name = name;
        this.scheduledTimeline = kernel.fences().timeline(name + ".scheduled");
        this.finishedTimeline = kernel.fences().timeline(name + ".finished");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public GpuScheduler scheduler() {
        return sched;
    }

    @Override
    public DmaFence submit(Job job) {
        return sched.push(this, job);
    }

    @Override
    public GpuScheduler.InitializedJob init(Job job) {
        return sched.init(this, job);
    }

    Fences.FenceTimeline scheduledTimeline() {
        return scheduledTimeline;
    }

    Fences.FenceTimeline finishedTimeline() {
        return finishedTimeline;
    }

    /** Whether {@code f} belongs to this entity's own timelines (drm_sched_entity_add_dependency_cb()). */
    boolean ownsContext(DmaFence f) {
        return f.context() == scheduledTimeline.context() || f.context() == finishedTimeline.context();
    }

    /** drm_sched_entity_is_ready(): a queued job and no dependency pending. */
    boolean ready() {
        return !queue.isEmpty() && dependency == null;
    }

    @Override
    public String toString() {
        return name;
    }
}
