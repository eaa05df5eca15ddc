/**
 * panfrost ({@code drivers/gpu/drm/panfrost/}, Mali Midgard/Bifrost job-manager GPUs), as of
 * Linux 6.12: two drm_sched job slots with 500 ms timeouts and a full GPU reset, no preemption, no
 * userptr, and heap growth in the GPU fault handler ({@code panfrost_mmu_map_fault_addr()}), which
 * takes the heap's {@code dma_resv} and allocates with GFP_KERNEL while the faulting job's fence
 * waits for it.
 */
package dev.fencecheck.drivers.armsoc.panfrost;
