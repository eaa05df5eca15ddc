package dev.fencecheck.api.kernel;

import java.util.List;
import java.util.Objects;

/**
 * What a GPU's hardware can do, as far as fences, faults and preemption care.
 *
 * @param name                    the device, e.g. {@code "gfx9"}
 * @param engines                 its engines, each with one ring (e.g. {@code gfx}, {@code compute}, {@code sdma})
 * @param computeUnits            compute units in each pool; a job that needs one cannot start while none is free
 * @param sharedComputeUnits      whether all engines draw from one pool (else each engine has its own)
 * @param recoverableFaults       whether a GPU page fault stalls the job until the driver resolves it
 *                                (retry/replayable faults) instead of aborting it
 * @param preemption              where a running job can be taken off the hardware
 * @param preemptWithFaultPending whether a job stalled on a page fault can be preempted
 */
public record GpuConfig(String name, List<String> engines, int computeUnits, boolean sharedComputeUnits,
                        boolean recoverableFaults, Preemption preemption, boolean preemptWithFaultPending) {

    /** Where the hardware can preempt a running job. */
    public enum Preemption {
        /** Not at all: a job runs to completion (panfrost, etnaviv, v3d job slots). */
        NONE,
        /** Only between jobs: a request waits for the running job to end. */
        JOB_BOUNDARY,
        /** Between any two steps of a job (compute wave save/restore, mid-command-buffer preemption). */
        MID_JOB
    }

    public GpuConfig {
        Objects.requireNonNull(name);
        engines = List.copyOf(engines);
        Objects.requireNonNull(preemption);
        if (engines.isEmpty() || computeUnits < 1) {
            throw new IllegalArgumentException("a GPU has at least one engine and one compute unit");
        }
    }

    /** A GPU with these engines, one shared compute unit, fatal faults and no preemption. */
    public static GpuConfig of(String name, String... engines) {
        return new GpuConfig(name, List.of(engines), 1, true, false, Preemption.NONE, false);
    }

    public GpuConfig withComputeUnits(int count, boolean shared) {
        return new GpuConfig(name, engines, count, shared, recoverableFaults, preemption, preemptWithFaultPending);
    }

    public GpuConfig withRecoverableFaults(boolean recoverable) {
        return new GpuConfig(name, engines, computeUnits, sharedComputeUnits, recoverable, preemption,
                preemptWithFaultPending);
    }

    public GpuConfig withPreemption(Preemption granularity, boolean withFaultPending) {
        return new GpuConfig(name, engines, computeUnits, sharedComputeUnits, recoverableFaults, granularity,
                withFaultPending);
    }
}
