package dev.fencecheck.drivers.amd.amdkfd;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.kernel.GpuFault;
import dev.fencecheck.api.kernel.GpuFaultHandler;
import dev.fencecheck.drivers.amd.amdgpu.AmdgpuDriver;

/**
 * gmc_v9_0.c: gmc_v9_0_process_interrupt() forwards a retry fault to the soft IH ring, whose
 * worker calls amdgpu_vm.c: amdgpu_vm_handle_fault(): for a compute VM (a KFD process)
 * svm_range_restore_pages() first, and when that fails no-retry PTEs so the wave traps; for a
 * graphics VM the fault is not resolved (dummy page). Retry faults are on (amdgpu.noretry=0),
 * which XNACK needs.
 */
@Singleton
final class AmdgpuVmFaultHandler implements GpuFaultHandler {
    private final KfdProcessQueueManager pqm;
    private final KfdSvm svm;
    private final AmdgpuAmdkfdGpuvm gpuvm;
    private final AmdgpuDriver gfx;

    @Inject
    AmdgpuVmFaultHandler(KfdProcessQueueManager pqm, KfdSvm svm, AmdgpuAmdkfdGpuvm gpuvm, AmdgpuDriver gfx) {
        this.pqm = pqm;
        this.svm = svm;
        this.gpuvm = gpuvm;
        this.gfx = gfx;
    }

    @Override
    public boolean handle(GpuFault fault) {
        if (pqm.isUserJob(fault.job())) {
            if (svm.restorePages(fault.address())) {
                return true;
            }
            gpuvm.noRetryPte();
            return false;
        }
        return gfx.handleGraphicsFault();
    }
}
