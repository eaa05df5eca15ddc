package dev.fencecheck.drivers.i915;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.driver.Driver;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Preemption;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuFaultHandler;

/**
 * The i915 device as userspace sees it ({@code i915_driver.c}: the i915_ioctls[] table):
 * context creation, execbuf, userptr, and the preemption the driver does on its own. Faults are
 * not recoverable, so there is no fault handler; display is not modelled.
 */
@Singleton
final class I915Driver implements Driver {
    private final I915GemContexts contexts;
    private final I915GemExecbuffer execbuffer;
    private final I915GemUserptr userptr;
    private final IntelEnginePulse preemption;
    private final I915GemShrinker shrinker;

    @Inject
    I915Driver(I915GemContexts contexts, I915GemExecbuffer execbuffer, I915GemUserptr userptr,
               IntelEnginePulse preemption, I915GemShrinker shrinker) {
        this.contexts = contexts;
        this.execbuffer = execbuffer;
        this.userptr = userptr;
        this.preemption = preemption;
        this.shrinker = shrinker;
    }

    // DRM_IOCTL_I915_GEM_CONTEXT_CREATE_EXT
    @Override
    public GpuContext openContext(String name, String engine, GpuContext.Kind kind) {
        contexts.create(name, engine, kind);
        return new GpuContext(name, engine, kind);
    }

    // DRM_IOCTL_I915_GEM_EXECBUFFER2_WR with I915_EXEC_FENCE_OUT
    @Override
    public DmaFence submit(Submission submission) {
        return execbuffer.execbuffer2(submission);
    }

    // DRM_IOCTL_I915_GEM_USERPTR
    @Override
    public void createUserptr(String buffer, Submission.UserptrRange range) {
        userptr.ioctl(buffer, range);
    }

    @Override
    public Preemption preemption() {
        return preemption;
    }

    /** i915 has no recoverable GPU page faults: a fault is a GPU hang, recovered by reset. */
    @Override
    public GpuFaultHandler faultHandler() {
        return null;
    }

    I915GemShrinker shrinker() {
        return shrinker;
    }
}
