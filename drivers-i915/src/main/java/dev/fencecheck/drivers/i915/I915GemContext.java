package dev.fencecheck.drivers.i915;

import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.GpuScheduler;
import dev.fencecheck.api.kernel.Mutex;

/**
 * A GEM context on one engine: {@code struct intel_context} with its {@code intel_timeline}
 * ({@code gt/intel_context.c}, {@code gt/intel_timeline.c}). Its requests are ordered on the
 * timeline, whose mutex execbuf holds from i915_request_create() to i915_request_add(); the
 * scheduler entity is that ordering in the model.
 */
final class I915GemContext {
    private final String name;
    private final IntelEngine engine;
    private final GpuScheduler.Entity entity;
    private final Mutex timelineMutex;
    private final Fences.FenceTimeline submitTimeline;
    private long requests;

    I915GemContext(String name, IntelEngine engine, GpuScheduler.Entity entity, Mutex timelineMutex,
                   Fences.FenceTimeline submitTimeline) {
        this.name = name;
        this.engine = engine;
        this.entity = entity;
        this.timelineMutex = timelineMutex;
        this.submitTimeline = submitTimeline;
    }

    String name() {
        return name;
    }

    IntelEngine engine() {
        return engine;
    }

    GpuScheduler.Entity entity() {
        return entity;
    }

    /** ce->timeline->mutex (intel_context_timeline_lock()). */
    Mutex timelineMutex() {
        return timelineMutex;
    }

    /** The fence context of the requests' i915_sw_fence submit fences. */
    Fences.FenceTimeline submitTimeline() {
        return submitTimeline;
    }

    String nextRequestName() {
        return "rq " + name + ":" + ++requests;
    }
}
