package dev.fencecheck.drivers.i915;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.Locks;
import java.util.HashMap;
import java.util.Map;

/** GEM contexts by name ({@code gem/i915_gem_context.c}). */
@Singleton
final class I915GemContexts {
    private final IntelEngines engines;
    private final Locks locks;
    private final Fences fences;
    private final Map<String, I915GemContext> contexts = new HashMap<>();

    @Inject
    I915GemContexts(IntelEngines engines, Locks locks, Fences fences) {
        this.engines = engines;
        this.locks = locks;
        this.fences = fences;
    }

    /**
     * i915_gem_context_create_ioctl() with the engine's intel_context. i915 has no mode in which
     * work completes without a dma_fence and no recoverable page faults, so a context that
     * relies on them cannot be created; a "long-running" context is an ordinary one whose
     * requests the watchdog ends after CONFIG_DRM_I915_REQUEST_TIMEOUT.
     */
    I915GemContext create(String name, String engine, GpuContext.Kind kind) {
        if (kind == GpuContext.Kind.FAULTING) {
            throw new UnsupportedOperationException("-ENODEV: i915 has no recoverable GPU page faults");
        }
        I915GemContext existing = contexts.get(name);
        if (existing != null) {
            if (!existing.engine().name().equals(engine)) {
                throw new IllegalArgumentException("context " + name + " is on " + existing.engine().name());
            }
            return existing;
        }
        IntelEngine e = engines.get(engine);
        I915GemContext context = new I915GemContext(name, e, e.scheduler().createEntity(name),
                locks.mutex("intel_timeline.mutex"), fences.timeline("i915." + name + ".submit"));
        contexts.put(name, context);
        return context;
    }

    /** eb_select_context(): the submission's context, created on first use. */
    I915GemContext lookup(GpuContext context) {
        I915GemContext c = contexts.get(context.name());
        return c != null ? c : create(context.name(), context.engine(), context.kind());
    }
}
