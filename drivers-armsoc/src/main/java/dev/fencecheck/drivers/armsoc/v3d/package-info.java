/**
 * v3d ({@code drivers/gpu/drm/v3d/}, Broadcom VideoCore VI/VII), as of Linux 6.12: a drm_sched per
 * queue (bin, render, TFU, CSD) with 500 ms timeouts that first look for control-list progress,
 * the binner's out-of-memory interrupt answered by {@code v3d_overflow_mem_work()}, which allocates
 * a 256 KiB BO (GFP_KERNEL, and the new object's {@code dma_resv}) while the bin job waits, a
 * GFP_KERNEL hardware fence in run_job, no preemption, no userptr, no shrinker.
 */
package dev.fencecheck.drivers.armsoc.v3d;
