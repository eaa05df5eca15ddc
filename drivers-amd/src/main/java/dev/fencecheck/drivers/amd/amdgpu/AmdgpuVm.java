package dev.fencecheck.drivers.amd.amdgpu;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.Memory;
import dev.fencecheck.api.kernel.Reservations;
import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.SpinLock;

/**
 * amdgpu_vm.c: the GPU virtual address space of the model's drm file (one per process): its
 * root page directory, whose reservation object every CS locks (amdgpu_vm_lock_pd()), and the
 * list of BOs whose mappings an mmu notifier invalidated ({@code vm->invalidated}, under
 * {@code vm->status_lock}).
 */
@SuppressWarnings("try") // lock holds and sections are try-with-resources, as the kernel holds them
@Singleton
final class AmdgpuVm {
    final DmaResv rootPd;
    private final Memory memory;
    private final SpinLock statusLock;
    /** vm->invalidated: BOs whose page-table entries must be updated before the next CS. */
    private int invalidated;

    @Inject
    AmdgpuVm(Reservations reservations, Locks locks, Memory memory) {
        this.rootPd = reservations.create("amdgpu_vm root PD");
        this.memory = memory;
        this.statusLock = locks.spinlock("vm->status_lock");
    }

    /** amdgpu_vm_bo_invalidate(): the BO's mappings go to vm->invalidated, under status_lock. */
    void boInvalidate(AmdgpuBo bo) {
        try (Held lock = statusLock.lock()) {
            invalidated++;
        }
    }

    /**
     * amdgpu_cs_vm_handling(): amdgpu_vm_bo_update() and amdgpu_vm_handle_moved() update the page
     * tables of the CS's BOs and of the invalidated ones, with the reservations held; the update
     * job and its page tables are GFP_KERNEL allocations (dma_resv -> fs_reclaim is the primed
     * order). True if the page tables could be updated.
     */
    boolean updateForCs() {
        boolean ok = memory.alloc(Gfp.GFP_KERNEL, 1);
        try (Held lock = statusLock.lock()) {
            invalidated = 0;
        }
        return ok;
    }

    /**
     * amdgpu_vm_handle_fault() for a graphics VM (only reached with retry faults enabled,
     * amdgpu.noretry=0): the fault is not resolved. The root PD is reserved
     * (amdgpu_bo_reserve(), a dma_resv lock) and amdgpu_vm_update_range() points the PTE at the
     * dummy page (amdgpu_vm_fault_stop == AMDGPU_VM_FAULT_STOP_NEVER), allocating its update job;
     * then the function returns false and the access goes to the dummy page (modelled as the job
     * failing with -EFAULT).
     */
    boolean handleGfxFault() {
        try (Held root = rootPd.lock()) {
            memory.alloc(Gfp.GFP_KERNEL, 1);
        }
        return false;
    }

    /** amdgpu_cs_submit(): list_empty(&vm->invalidated), read under notifier_lock. */
    boolean noneInvalidated() {
        try (Held lock = statusLock.lock()) {
            return invalidated == 0;
        }
    }
}
