package dev.fencecheck.drivers.amd.amdgpu;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.Memory;
import dev.fencecheck.api.kernel.Mutex;

/**
 * amdgpu_dm.c: amdgpu_dm_atomic_commit_tail(), the display's commit tail, which runs after the
 * commit's out-fences were published and before they signal. It still allocates with
 * GFP_KERNEL in 6.x (V5, open): dc_state_create() for the new DC context, dc_commit_streams()'s
 * copy of the current state under {@code dm->dc_lock}, and amdgpu_dm_commit_planes()'s update
 * bundle (kzalloc). amdgpu_dm_commit_planes() also waits, up to 5 s, for the framebuffer's
 * rendering (dma_resv_wait_timeout(DMA_RESV_USAGE_WRITE)).
 */
@SuppressWarnings("try") // lock holds and sections are try-with-resources, as the kernel holds them
@Singleton
final class AmdgpuDmCommitTail {
    /** msecs_to_jiffies(5000) in amdgpu_dm_commit_planes(). */
    static final long FB_WAIT_TIMEOUT = 5_000;

    private final Memory memory;
    private final DmPlaneTiling tiling;
    /** dm->dc_lock (amdgpu_dm_init()). */
    private final Mutex dcLock;

    @Inject
    AmdgpuDmCommitTail(Memory memory, DmPlaneTiling tiling, Locks locks) {
        this.memory = memory;
        this.tiling = tiling;
        this.dcLock = locks.mutex("dm->dc_lock");
    }

    Mutex dcLock() {
        return dcLock;
    }

    /** The commit tail of a commit that flips {@code framebuffer}. */
    void commitTail(AmdgpuBo framebuffer) {
        commitStreams();
        commitPlanes(framebuffer);
    }

    /** The stream part: all a commit that only disables the CRTC does. */
    void commitStreams() {
        // dc_state_create(): the DC context of the new state (kvzalloc, GFP_KERNEL)
        memory.alloc(Gfp.GFP_KERNEL, 1);
        try (Held dc = dcLock.lock()) {
            // dc_commit_streams() -> dc_state_create_current_copy() (GFP_KERNEL)
            memory.alloc(Gfp.GFP_KERNEL, 1);
        }
    }

    /** amdgpu_dm_commit_planes() for the CRTC's primary plane. */
    void commitPlanes(AmdgpuBo framebuffer) {
        // bundle = kzalloc(sizeof(*bundle), GFP_KERNEL)
        memory.alloc(Gfp.GFP_KERNEL, 1);
        tiling.readTilingFlags(framebuffer);
        // "Wait for all fences on this FB": no lock taken in the section is held here
        framebuffer.resv.waitTimeout(DmaResv.Usage.WRITE, FB_WAIT_TIMEOUT);
        try (Held dc = dcLock.lock()) {
            // dc_update_planes_and_stream(): program the flip
        }
    }
}
