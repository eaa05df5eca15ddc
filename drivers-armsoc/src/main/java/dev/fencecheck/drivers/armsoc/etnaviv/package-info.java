/**
 * etnaviv ({@code drivers/gpu/drm/etnaviv/}, Vivante GC cores), as of Linux 6.12: one drm_sched
 * per GPU core whose timeout handler first checks front-end progress, userptr objects whose pages
 * are pinned with {@code pin_user_pages_fast(FOLL_LONGTERM)} for the object's lifetime (no mmu
 * notifier), fatal GPU MMU faults, no preemption, and a hardware fence allocated with GFP_KERNEL
 * under {@code gpu->lock} in run_job.
 */
package dev.fencecheck.drivers.armsoc.etnaviv;
