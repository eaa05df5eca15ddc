/**
 * lima ({@code drivers/gpu/drm/lima/}, Mali Utgard), as of Linux 6.12: a drm_sched per pipe (GP,
 * PP) with a 10 s timeout, heap growth on the PLBU out-of-memory interrupt
 * ({@code lima_sched_recover_work()} -> {@code lima_gp_task_recover()} -> {@code lima_heap_alloc()}:
 * the heap's {@code dma_resv} and GFP_KERNEL while the GP task waits), a GFP_KERNEL hardware fence
 * in run_job, no preemption, no userptr, no shrinker.
 */
package dev.fencecheck.drivers.armsoc.lima;
