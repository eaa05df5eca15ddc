package dev.fencecheck.drivers.amd.amdgpu;

import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.MmuIntervalNotifier;

/**
 * {@code struct amdgpu_bo} (amdgpu_object.h) as far as fences care: its reservation object and,
 * for a userptr BO (amdgpu_ttm.c: amdgpu_ttm_tt_set_userptr()), the user range and its mmu
 * interval notifier ({@code bo->notifier}).
 */
final class AmdgpuBo {
    final String name;
    final DmaResv resv;
    final Submission.UserptrRange userptr;
    MmuIntervalNotifier notifier;

    AmdgpuBo(String name, DmaResv resv, Submission.UserptrRange userptr) {
        this.name = name;
        this.resv = resv;
        this.userptr = userptr;
    }

    boolean isUserptr() {
        return userptr != null;
    }

    /** amdgpu_ttm_tt_affect_userptr(): whether this userptr BO covers the whole of {@code r}. */
    boolean covers(Submission.UserptrRange r) {
        return userptr != null && r.start() >= userptr.start()
                && r.start() + r.length() <= userptr.start() + userptr.length();
    }

    @Override
    public String toString() {
        return name;
    }
}
