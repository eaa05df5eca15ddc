package dev.fencecheck.drivers.amd.amdgpu;

/**
 * Which amdgpu is modelled: mainline, or a historical variant that differs from it by one bound
 * behaviour, the path a patch of the 2020 dma-fence annotation series found broken
 * ({@code docs/kernel-reference.md}, section 4). Everything else of a variant is mainline.
 */
public enum AmdgpuVariant {
    MAINLINE("amdgpu", "6.18",
            "amdgpu graphics: CS with gfx userptr (interval notifier waits for fences), drm_sched rings, "
                    + "VMID grab, DC commit tail, TDR and full GPU recovery",
            null),
    /** V1: the hardware fence allocated with GFP_KERNEL in run_job. */
    FENCE_EMIT_5_8("amdgpu@5.8", "5.8",
            "amdgpu as mainline, but with v5.8's amdgpu_fence_emit(): the hardware fence comes from "
                    + "kmem_cache_alloc(amdgpu_fence_slab, GFP_KERNEL) inside run_job",
            "V1: [PATCH 11/18] drm/amdgpu: s/GFP_KERNEL/GFP_ATOMIC in scheduler code "
                    + "(<20200604081224.863494-12-daniel.vetter@ffwll.ch>): drm_sched_main -> amdgpu_job_run -> "
                    + "amdgpu_ib_schedule -> amdgpu_fence_emit -> kmem_cache_alloc(GFP_KERNEL); fixed by "
                    + "\"Embed hw_fence into amdgpu_job\" (~v5.15)"),
    /** V2/V3: allocations in amdgpu_vmid_grab() from the scheduler's dependency path. */
    VMID_5_8("amdgpu@5.8-vmid", "5.8",
            "amdgpu as mainline, but with v5.8's VMID grab in the scheduler's dependency callback: "
                    + "kmalloc_array(GFP_KERNEL) in amdgpu_vmid_grab_idle() and amdgpu_sync_fence()'s "
                    + "kmem_cache_alloc(GFP_KERNEL), under id_mgr->lock",
            "V2/V3: v2 of [PATCH 11/18] drm/amdgpu: s/GFP_KERNEL/GFP_ATOMIC in scheduler code "
                    + "(<20200604081224.863494-12-daniel.vetter@ffwll.ch>): drm_sched_entity_pop_job -> "
                    + "amdgpu_job_dependency -> amdgpu_vmid_grab -> amdgpu_vmid_grab_idle / amdgpu_sync_fence; "
                    + "fixed by \"drm/amdgpu: use GFP_NOWAIT for memory allocations\" (Feb 2025) and "
                    + "\"drm/amdgpu: avoid memory allocation in the critical code path\" (Nov 2025)"),
    /** V5/V6: the DC commit tail allocating and taking a dma_resv lock. */
    DC_5_8("amdgpu@5.8-dc", "5.8",
            "amdgpu as mainline, but with v5.8's DC commit tail: amdgpu_dm_commit_planes() reserves each "
                    + "plane's BO (dma_resv_lock) to read its tiling flags, besides the GFP_KERNEL "
                    + "allocations mainline still has",
            "V5/V6: [PATCH 12/18] drm/amdgpu: DC also loves to allocate stuff where it shouldn't "
                    + "(<20200604081224.863494-13-daniel.vetter@ffwll.ch>) and [PATCH 13/18] drm/amdgpu/dc: "
                    + "Stop dma_resv_lock inversion in commit_tail (<20200604081224.863494-14-daniel.vetter@ffwll.ch>); "
                    + "V6 fixed by 6eed95b00b45 \"drm/amd/display: Store tiling_flags in the framebuffer\" (v5.11), "
                    + "V5 still open"),
    /** V7-V10: the TDR and reset path. */
    TDR_5_8("amdgpu@5.8-tdr", "5.8",
            "amdgpu as mainline, but with v5.8's GPU recovery: amdgpu_fbdev_set_suspend() (console_lock) and a "
                    + "full modeset through drm_atomic_helper_suspend()/resume() (modeset locks, GFP_KERNEL, "
                    + "dma_resv_lock in prepare_fb) inside the timeout handler",
            "V7-V10: [PATCH 14/18] drm/scheduler: use dma-fence annotations in tdr work "
                    + "(<20200604081224.863494-15-daniel.vetter@ffwll.ch>), [PATCH 15/18] drm/amdgpu: use dma-fence "
                    + "annotations for gpu reset code (-16), [PATCH 16/18] Revert \"drm/amdgpu: add fbdev "
                    + "suspend/resume on gpu reset\" (-17), [PATCH 17/18] drm/amdgpu: gpu recovery does full "
                    + "modesets (-18); none merged, the TDR path is still open");

    private final String id;
    private final String kernelVersion;
    private final String description;
    private final String reproduces;

    AmdgpuVariant(String id, String kernelVersion, String description, String reproduces) {
        this.id = id;
        this.kernelVersion = kernelVersion;
        this.description = description;
        this.reproduces = reproduces;
    }

    public String id() {
        return id;
    }

    public String kernelVersion() {
        return kernelVersion;
    }

    public String description() {
        return description;
    }

    /** The patch this variant reproduces, null for mainline. */
    public String reproduces() {
        return reproduces;
    }
}
