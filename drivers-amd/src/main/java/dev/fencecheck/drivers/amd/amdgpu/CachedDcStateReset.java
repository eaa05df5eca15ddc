package dev.fencecheck.drivers.amd.amdgpu;

import com.google.inject.Inject;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Memory;

/**
 * Kernel source: drivers/gpu/drm/amd/display/amdgpu_dm/amdgpu_dm.c.
 * Mainline dm_suspend()/dm_resume() when amdgpu_in_reset(): no atomic helpers and no modeset
 * locks, but {@code dm->dc_lock} is taken in dm_suspend() and held until dm_resume(), and both
 * allocate with GFP_KERNEL: dc_state_create_copy() of the current state, then on resume
 * dc_commit_streams() and dm_gpureset_commit_state()'s bundle (kzalloc). dc_lock is held around
 * GFP_KERNEL allocations in the commit tail too. Open (V7).
 */
final class CachedDcStateReset implements DmReset {
    private final Memory memory;
    private final AmdgpuDmCommitTail commitTail;

    @Inject
    CachedDcStateReset(Memory memory, AmdgpuDmCommitTail commitTail) {
        this.memory = memory;
        this.commitTail = commitTail;
    }

    @Override
    public Held suspend() {
        Held dcLock = commitTail.dcLock().lock();
        // dm->cached_dc_state = dc_state_create_copy(dm->dc->current_state)
        memory.alloc(Gfp.GFP_KERNEL, 1);
        return () -> {
            // dm_resume(): dc_commit_streams() of the cached state
            memory.alloc(Gfp.GFP_KERNEL, 1);
            // dm_gpureset_commit_state(): bundle = kzalloc(sizeof(*bundle), GFP_KERNEL)
            memory.alloc(Gfp.GFP_KERNEL, 1);
            dcLock.close();
        };
    }
}
