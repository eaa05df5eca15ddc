package dev.fencecheck.kernel;

/** The {@code memalloc_*_save()} scopes of {@code include/linux/sched/mm.h}. */
public enum MemallocScope {
    /** PF_MEMALLOC_NOFS: allocations lose {@code __GFP_FS}. */
    NOFS,
    /** PF_MEMALLOC_NOIO: allocations lose {@code __GFP_IO} and {@code __GFP_FS}. */
    NOIO,
    /** PF_MEMALLOC: no direct reclaim at all ({@code __need_reclaim()} is false). */
    NORECLAIM
}
