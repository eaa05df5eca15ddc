package dev.fencecheck.drivers.armsoc.panfrost;

/**
 * Kernel source: drivers/gpu/drm/panfrost/panfrost_mmu.c.
 * How {@code panfrost_mmu_map_fault_addr()} backs a 2 MiB chunk of a heap object, and under which
 * lock: the behaviour "drm/shmem-helper: Switch to reservation lock" (Dmitry Osipenko, v6.5) changed
 * from the shmem object's {@code pages_lock} to its {@code dma_resv}.
 */
interface PanfrostMapFaultAddr {
    /** 0, or a negative errno (the fault is then terminal). */
    int map(PanfrostGemObject bo);
}
