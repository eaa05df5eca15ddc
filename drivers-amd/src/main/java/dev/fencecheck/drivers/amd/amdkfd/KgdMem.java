package dev.fencecheck.drivers.amd.amdkfd;

import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.MmuIntervalNotifier;

/**
 * amdgpu_amdkfd.h: {@code struct kgd_mem}, a KFD allocation and its BO: a VRAM/GTT buffer, or a
 * userptr BO with its interval notifier (amdgpu_hmm_hsa_ops) and {@code mem->invalid}.
 */
final class KgdMem {
    final String name;
    final DmaResv resv;
    final Submission.UserptrRange userptr;
    MmuIntervalNotifier notifier;
    /** mem->invalid: the pages must be got again before the queues may run. */
    boolean invalid;
    /** init_user_pages() has run (the model defers it to the first use, see AmdgpuAmdkfdGpuvm). */
    boolean initialised;

    KgdMem(String name, DmaResv resv, Submission.UserptrRange userptr) {
        this.name = name;
        this.resv = resv;
        this.userptr = userptr;
    }

    boolean covers(Submission.UserptrRange r) {
        return userptr != null && r.start() >= userptr.start()
                && r.start() + r.length() <= userptr.start() + userptr.length();
    }

    @Override
    public String toString() {
        return name;
    }
}
