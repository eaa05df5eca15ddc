package dev.fencecheck.drivers.amd.amdgpu;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.Reservations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * amdgpu_gem.c: the GEM objects of the model's one drm file, by name. Userspace names buffers in
 * a submission; a buffer not seen before is created as amdgpu_gem_create_ioctl() would have
 * created it (its own reservation object, dma_resv_init()).
 */
@Singleton
final class AmdgpuGem {
    private final Reservations reservations;
    private final AmdgpuHmm hmm;
    private final Map<String, AmdgpuBo> bos = new LinkedHashMap<>();
    private final List<AmdgpuBo> userptrBos = new ArrayList<>();

    @Inject
    AmdgpuGem(Reservations reservations, AmdgpuHmm hmm) {
        this.reservations = reservations;
        this.hmm = hmm;
    }

    /** drm_gem_object_lookup(); amdgpu_gem_create_ioctl() -> amdgpu_bo_create() the first time. */
    AmdgpuBo lookup(String name) {
        AmdgpuBo bo = bos.get(name);
        if (bo == null) {
            bo = new AmdgpuBo(name, reservations.create("amdgpu_bo " + name), null);
            bos.put(name, bo);
        }
        return bo;
    }

    /**
     * amdgpu_gem_userptr_ioctl(): a BO over user memory with its own reservation object,
     * amdgpu_ttm_tt_set_userptr(), then amdgpu_hmm_register() inserts its interval notifier.
     * Without AMDGPU_GEM_USERPTR_VALIDATE the pages are only looked up by the first CS.
     */
    AmdgpuBo createUserptr(String name, Submission.UserptrRange range) {
        AmdgpuBo bo = new AmdgpuBo(name, reservations.create("amdgpu_bo " + name + " (userptr)"), range);
        hmm.register(bo);
        bos.put(name, bo);
        userptrBos.add(bo);
        return bo;
    }

    /**
     * The userptr BO covering a range of a submission. Userspace (libdrm's
     * amdgpu_create_bo_from_user_mem()) creates one before it submits; a range with none is
     * given one here, as that call would have.
     */
    AmdgpuBo userptrFor(Submission.UserptrRange range) {
        for (AmdgpuBo bo : userptrBos) {
            if (bo.covers(range)) {
                return bo;
            }
        }
        return createUserptr("userptr@0x" + Long.toHexString(range.start()), range);
    }
}
