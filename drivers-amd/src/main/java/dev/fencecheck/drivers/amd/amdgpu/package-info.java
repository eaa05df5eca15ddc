/**
 * amdgpu (graphics), as mainline runs it and in the historical variants of
 * {@link dev.fencecheck.drivers.amd.amdgpu.AmdgpuVariant}. Classes are named after the kernel
 * file they model: AmdgpuCs (amdgpu_cs.c), AmdgpuHmm (amdgpu_hmm.c), AmdgpuJob and
 * AmdgpuSchedBackend (amdgpu_job.c), AmdgpuIb (amdgpu_ib.c), AmdgpuIds (amdgpu_ids.c),
 * AmdgpuVm (amdgpu_vm.c), AmdgpuDm and AmdgpuDmCommitTail (amdgpu_dm.c), AmdgpuGpuRecover
 * (amdgpu_device.c), DrmExec (drm_exec.c), DrmModeset (drm_modeset_lock.c).
 */
package dev.fencecheck.drivers.amd.amdgpu;
