package dev.fencecheck.api;

import dev.fencecheck.api.kernel.GpuConfig;
import java.util.Objects;

/**
 * What a driver models, and what it claims about itself. The conformance suite skips a scenario
 * that needs a capability a driver lacks, with that reason, and checks the claims themselves.
 *
 * @param id                 unique, e.g. {@code amdgpu} or {@code amdgpu@5.8} for a historical variant
 * @param vendor             e.g. {@code AMD}
 * @param kernelVersion      the kernel version whose behaviour is modelled, e.g. {@code 6.8}
 * @param description        one line: what is modelled
 * @param hardware           engines, compute units, preemption, recoverable faults
 * @param preemptionLatency  model ticks from a preemption request to the context being off the GPU
 * @param userptr            how user memory is kept coherent with the GPU
 * @param faultMitigation    what keeps fence work progressing next to fault work
 * @param reproduces         for a historical variant, the patch or commit whose behaviour it
 *                           reproduces; null for a mainline model
 */
public record DriverDescriptor(String id, String vendor, String kernelVersion, String description,
                               GpuConfig hardware, long preemptionLatency, UserptrMode userptr,
                               FaultMitigation faultMitigation, String reproduces) {

    public DriverDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(kernelVersion, "kernelVersion");
        Objects.requireNonNull(hardware, "hardware");
        Objects.requireNonNull(userptr, "userptr");
        Objects.requireNonNull(faultMitigation, "faultMitigation");
        description = description == null ? "" : description;
    }

    /** How userptr memory is kept coherent ({@code docs/rules.md}, USERPTR-COHERENT). */
    public enum UserptrMode {
        /** An mmu interval notifier waits for the fences of the GPU work using the range (amdgpu gfx, i915). */
        NOTIFIER_WAITS_FOR_FENCES,
        /** The notifier preempts or evicts the process's queues (amdkfd). */
        NOTIFIER_PREEMPTS_QUEUES,
        /** The notifier only clears the GPU page tables; the GPU faults and retries (nouveau SVM). */
        NOTIFIER_CLEARS_PAGE_TABLES,
        /** Pages are pinned for the lifetime of the buffer; no notifier (etnaviv). */
        PINNED,
        /** No userptr support. */
        NONE
    }

    /** What keeps fence workloads progressing next to fault workloads (FAULT-PROGRESS). */
    public enum FaultMitigation {
        /** No recoverable faults: nothing to mitigate. */
        NO_RECOVERABLE_FAULTS,
        /** A compute job can be preempted even with a fault pending. */
        PREEMPT_WITH_FAULT_PENDING,
        /** Fence workloads run on hardware that fault workloads never use. */
        INDEPENDENT_HARDWARE,
        /** Hardware is reserved for fence work while a fence is in flight. */
        RESERVE_WHILE_FENCE_IN_FLIGHT,
        /** All fault work is flushed before a fence is published, and all fences before fault work runs. */
        FLUSH_BETWEEN,
        /** None of the above: forward progress is not guaranteed. */
        NONE
    }

    public boolean isHistoricalVariant() {
        return reproduces != null;
    }

    /** A mainline driver: the common case, with fields set by the {@code with*} methods. */
    public static DriverDescriptor of(String id, String vendor, String kernelVersion, String description,
                                      GpuConfig hardware) {
        return new DriverDescriptor(id, vendor, kernelVersion, description, hardware, 0, UserptrMode.NONE,
                FaultMitigation.NO_RECOVERABLE_FAULTS, null);
    }

    public DriverDescriptor withUserptr(UserptrMode mode) {
        return new DriverDescriptor(id, vendor, kernelVersion, description, hardware, preemptionLatency, mode,
                faultMitigation, reproduces);
    }

    public DriverDescriptor withPreemptionLatency(long ticks) {
        return new DriverDescriptor(id, vendor, kernelVersion, description, hardware, ticks, userptr,
                faultMitigation, reproduces);
    }

    public DriverDescriptor withFaultMitigation(FaultMitigation mitigation) {
        return new DriverDescriptor(id, vendor, kernelVersion, description, hardware, preemptionLatency, userptr,
                mitigation, reproduces);
    }

    /** A historical variant of this driver: a new id, the kernel it comes from, and the patch it reproduces. */
    public DriverDescriptor variant(String variantId, String variantKernel, String variantDescription,
                                    String reproducesPatch) {
        return new DriverDescriptor(variantId, vendor, variantKernel, variantDescription, hardware,
                preemptionLatency, userptr, faultMitigation, Objects.requireNonNull(reproducesPatch));
    }
}
