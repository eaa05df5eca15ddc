package dev.fencecheck.api.kernel;

import java.util.List;

/**
 * A job for the GPU scheduler: the driver's part of a {@code struct drm_sched_job}
 * ({@code include/drm/gpu_scheduler.h}). A driver usually implements it with its own payload (the
 * command stream it will put on a ring in {@link SchedulerBackend#runJob}).
 */
public interface Job {
    String name();

    /**
     * The fences the job must wait for before it may run (drm_sched_job_add_dependency(),
     * drm_sched_job_add_implicit_dependencies()), in the order they are waited for.
     */
    default List<DmaFence> dependencies() {
        return List.of();
    }

    /** The credits the job takes from the scheduler's credit limit while it runs (drm_sched_job_init()). */
    default int credits() {
        return 1;
    }

    /** A job with a name and dependencies and nothing else. */
    static Job of(String name, DmaFence... dependencies) {
        List<DmaFence> deps = List.of(dependencies);
        return new Job() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<DmaFence> dependencies() {
                return deps;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
