package dev.fencecheck.drivers.amd.amdgpu;

import com.google.inject.Inject;
import com.google.inject.Provider;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Memory;

/**
 * Kernel source: drivers/gpu/drm/amd/display/amdgpu_dm/amdgpu_dm.c and drivers/gpu/drm/drm_atomic_helper.c (v5.8).
 * v5.8 dm_suspend()/dm_resume(): a full modeset from inside GPU recovery (V10, "drm/amdgpu: gpu
 * recovery does full modesets"). drm_atomic_helper_suspend() takes every modeset lock
 * (drm_modeset_lock_all_ctx()), duplicates the state (GFP_KERNEL) and commits a disable-all;
 * drm_atomic_helper_resume() takes them again and commits the duplicated state, whose
 * prepare_fb (dm_plane_helper_prepare_fb()) reserves the scanout BO: a dma_resv_lock.
 */
@SuppressWarnings("try") // lock holds and sections are try-with-resources, as the kernel holds them
final class AtomicHelperReset58 implements DmReset {
    private final Memory memory;
    private final DrmModeset modeset;
    private final AmdgpuDmCommitTail commitTail;
    private final Provider<AmdgpuDm> dm;

    @Inject
    AtomicHelperReset58(Memory memory, DrmModeset modeset, AmdgpuDmCommitTail commitTail,
                        Provider<AmdgpuDm> dm) {
        this.memory = memory;
        this.modeset = modeset;
        this.commitTail = commitTail;
        this.dm = dm;
    }

    @Override
    public Held suspend() {
        // drm_atomic_helper_suspend()
        try (Held locks = modeset.lockAll()) {
            // drm_atomic_helper_duplicate_state(): GFP_KERNEL
            memory.alloc(Gfp.GFP_KERNEL, 1);
            // drm_atomic_helper_disable_all() -> drm_atomic_commit() -> amdgpu_dm_atomic_commit_tail()
            commitTail.commitStreams();
        }
        return () -> {
            // drm_atomic_helper_resume() -> drm_atomic_helper_commit_duplicated_state()
            try (Held locks = modeset.lockAll()) {
                AmdgpuBo scanout = dm.get().scanout();
                // dm_plane_helper_prepare_fb(): amdgpu_bo_reserve() and amdgpu_bo_pin()
                try (Held reserved = scanout.resv.lock()) {
                    memory.alloc(Gfp.GFP_KERNEL, 1);
                }
                commitTail.commitTail(scanout);
            }
        };
    }
}
