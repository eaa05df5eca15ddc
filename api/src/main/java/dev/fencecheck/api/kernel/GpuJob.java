package dev.fencecheck.api.kernel;

import java.util.List;
import java.util.Objects;

/**
 * The work a driver writes to an engine's ring: its steps, and the hardware fence the GPU's
 * interrupt signals once the job completes (amdgpu_fence_emit() / amdgpu_fence_process()).
 *
 * @param name             for reports
 * @param steps            what the engine executes, in order
 * @param fence            the hardware fence, or null for work that signals no dma_fence (a
 *                         long-running compute job synchronised with userspace fences)
 * @param needsComputeUnit whether the job needs a compute unit to run (copy engines do not)
 */
public record GpuJob(String name, List<GpuStep> steps, DmaFence fence, boolean needsComputeUnit) {

    public GpuJob {
        Objects.requireNonNull(name);
        steps = List.copyOf(steps);
    }

    /** A job that needs a compute unit. */
    public static GpuJob of(String name, DmaFence fence, GpuStep... steps) {
        return new GpuJob(name, List.of(steps), fence, true);
    }

    public GpuJob withoutComputeUnit() {
        return new GpuJob(name, steps, fence, false);
    }

    @Override
    public String toString() {
        return name;
    }
}
