/**
 * amdkfd (compute) on an amdgpu device: KfdProcess (kfd_process.c), KfdDeviceQueueManager
 * (kfd_device_queue_manager.c), KfdProcessQueueManager (kfd_process_queue_manager.c),
 * AmdgpuAmdkfdFence (amdgpu_amdkfd_fence.c), AmdgpuAmdkfdGpuvm (amdgpu_amdkfd_gpuvm.c), KfdSvm
 * (kfd_svm.c) and AmdgpuVmFaultHandler (amdgpu_vm_handle_fault() in amdgpu_vm.c). Graphics work
 * on the same device goes through {@link dev.fencecheck.drivers.amd.amdgpu.AmdgpuDriver}.
 */
package dev.fencecheck.drivers.amd.amdkfd;
