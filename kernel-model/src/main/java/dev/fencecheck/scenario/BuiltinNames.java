package dev.fencecheck.scenario;

import java.util.List;

/** The names every scenario has without declaring them (scenario-format.md, "Built-in names"). */
public final class BuiltinNames {
    public static final String MMAP_LOCK = "mmap_lock";
    public static final String I_MMAP_RWSEM = "i_mmap_rwsem";
    public static final String DMA_RESV = "dma_resv";
    public static final String DMA_RESV_ACQUIRE = "dma_resv_acquire";
    public static final String FS_RECLAIM = "fs_reclaim";
    public static final String MMU_NOTIFIER = "mmu_notifier";
    public static final String DMA_FENCE_MAP = "dma_fence_map";

    public static final List<String> ALL = List.of(MMAP_LOCK, I_MMAP_RWSEM, DMA_RESV, DMA_RESV_ACQUIRE,
            FS_RECLAIM, MMU_NOTIFIER, DMA_FENCE_MAP);

    private BuiltinNames() {
    }

    public static boolean isBuiltin(String name) {
        return ALL.contains(name);
    }
}
