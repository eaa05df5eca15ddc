package dev.fencecheck.drivers.amd.amdgpu;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.api.kernel.Job;
import java.util.List;

/**
 * amdgpu_job.h: {@code struct amdgpu_job}, the driver's part of a drm_sched job: its ring, its IBs
 * (here the steps the GPU executes), the fences it syncs to, the VMID it got, and its hardware
 * fence ({@code job->hw_fence}, embedded in the job in mainline).
 */
final class AmdgpuJob implements Job {
    private final String name;
    final AmdgpuRing ring;
    final List<GpuStep> steps;
    private final List<DmaFence> dependencies;
    /** job->vm: null once a VMID is assigned (amdgpu_job_prepare_job()) or for kernel jobs. */
    AmdgpuVm vm;
    /** job->vmid: 0 until amdgpu_vmid_grab() assigned one. */
    int vmid;
    /** job->vm_needs_flush. */
    boolean vmNeedsFlush;
    /** The error drm_sched_entity_error() / amdgpu_job_prepare_job() recorded, 0 if none. */
    int error;
    /** job->hw_fence, once run_job emitted it. */
    DmaFence hwFence;

    AmdgpuJob(String name, AmdgpuRing ring, AmdgpuVm vm, List<GpuStep> steps, List<DmaFence> dependencies) {
        this.name = name;
        this.ring = ring;
        this.vm = vm;
        this.steps = List.copyOf(steps);
        this.dependencies = List.copyOf(dependencies);
    }

    @Override
    public String name() {
        return name;
    }

    /** drm_sched_job_add_dependency() for each fence amdgpu_cs_sync_rings() collected. */
    @Override
    public List<DmaFence> dependencies() {
        return dependencies;
    }

    @Override
    public String toString() {
        return name;
    }
}
