package dev.fencecheck.api.kernel;

/**
 * A GPU page fault: a job touched an address its GPU page tables do not map.
 *
 * @param engine  the engine the job runs on
 * @param job     the faulting job; it stalls (and keeps its compute unit) until the fault is handled
 * @param address the faulting address
 */
public record GpuFault(GpuEngine engine, GpuJob job, long address) {
}
