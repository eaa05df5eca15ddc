package dev.fencecheck.api.kernel;

/**
 * The driver's handler of recoverable GPU page faults (amdgpu_vm_handle_fault(),
 * nouveau_svm_fault(), panfrost_mmu_map_fault_addr()). It runs in the GPU's fault worker; the
 * faulting job, and every fence that waits for it, waits for it.
 */
@FunctionalInterface
public interface GpuFaultHandler {
    /**
     * Resolves the fault (e.g. get_user_pages() and {@link Gpu#mapUserptr}) and returns true to
     * replay the access, or false to cancel the job, which then fails with -EFAULT.
     */
    boolean handle(GpuFault fault);
}
