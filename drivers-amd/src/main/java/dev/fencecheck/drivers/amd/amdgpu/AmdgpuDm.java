package dev.fencecheck.drivers.amd.amdgpu;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Memory;

/**
 * The display side of an atomic commit on the one CRTC: drm_mode_atomic_ioctl()
 * (drm_atomic_uapi.c) with the modeset locks held, drm_atomic_helper_commit()
 * (drm_atomic_helper.c) with amdgpu's dm_plane_helper_prepare_fb() and commit tail. A blocking
 * commit is modelled, so the whole commit runs in the calling thread; the out-fence is signalled
 * at the "vblank" that ends it (drm_crtc_send_vblank_event()).
 *
 * <p>From drm_atomic_helper_commit() to the vblank the commit is a fence signalling section
 * (rules R21; "drm/atomic-helper: Add dma-fence annotations" annotates the helper's part, and
 * Daniel Vetter's patch 08/18 the amdgpu commit tail, V13).
 */
@SuppressWarnings("try") // lock holds and sections are try-with-resources, as the kernel holds them
@Singleton
final class AmdgpuDm {
    private final Memory memory;
    private final Fences fences;
    private final DrmModeset modeset;
    private final AmdgpuDmCommitTail commitTail;
    private final AmdgpuGem gem;
    /** The CRTC's out-fence context (drm_crtc_init_with_planes(): crtc->fence_context). */
    private final Fences.FenceTimeline crtcFences;
    /** The framebuffer on screen: the last one committed (the fbdev one at first). */
    private AmdgpuBo scanout;

    @Inject
    AmdgpuDm(Memory memory, Fences fences, DrmModeset modeset, AmdgpuDmCommitTail commitTail, AmdgpuGem gem) {
        this.memory = memory;
        this.fences = fences;
        this.modeset = modeset;
        this.commitTail = commitTail;
        this.gem = gem;
        this.crtcFences = fences.timeline("crtc-0");
        this.scanout = gem.lookup("amdgpu fbdev");
    }

    AmdgpuBo scanout() {
        return scanout;
    }

    AmdgpuDmCommitTail commitTail() {
        return commitTail;
    }

    DmaFence commit(String framebuffer, DmaFence inFence) {
        AmdgpuBo fb = gem.lookup(framebuffer);
        try (Held locks = modeset.lockAll()) {
            // drm_atomic_state_alloc() and the duplicated CRTC/plane states (GFP_KERNEL)
            memory.alloc(Gfp.GFP_KERNEL, 1);
            // prepare_signaling(): drm_crtc_create_fence() (kzalloc, GFP_KERNEL)
            memory.alloc(Gfp.GFP_KERNEL, 1);
            DmaFence outFence = crtcFences.create();
            // drm_atomic_helper_prepare_planes() -> dm_plane_helper_prepare_fb():
            // amdgpu_bo_reserve() and amdgpu_bo_pin(), before anything is published
            try (Held reserved = fb.resv.lock()) {
                memory.alloc(Gfp.GFP_KERNEL, 1);
            }
            outFence.publish();
            try (Held section = fences.beginSignalling()) {
                // drm_atomic_helper_wait_for_fences(): the explicit in-fence
                if (inFence != null) {
                    inFence.await();
                }
                // drm_atomic_helper_swap_state(), then commit_tail()
                commitTail.commitTail(fb);
                scanout = fb;
                // drm_atomic_helper_commit_hw_done(); the flip completes at the next vblank
                outFence.signal();
            }
            return outFence;
        }
    }
}
