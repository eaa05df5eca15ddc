package dev.fencecheck.api.kernel;

/**
 * A process address space ({@code struct mm_struct}): {@code mmap_lock}, mapped ranges, and the
 * mmu interval notifiers that drivers insert to mirror user memory (userptr, SVM).
 */
public interface Mm {
    /** mmap_read_lock(). */
    Held mmapReadLock();

    /** mmap_write_lock(). */
    Held mmapWriteLock();

    /** mmap(): maps pages at [start, start + length). */
    void map(long start, long length);

    /** munmap(): invalidates every notifier overlapping the range (blockable), then unmaps. */
    void unmap(long start, long length);

    /** Whether an address is mapped. */
    boolean isMapped(long address);

    /** mmu_interval_notifier_insert(). */
    MmuIntervalNotifier insertNotifier(long start, long length, MmuIntervalNotifier.Ops ops);

    /**
     * get_user_pages()/hmm_range_fault(): takes mmap_lock for reading and may allocate; fails
     * (false) if part of the range is not mapped.
     */
    boolean getUserPages(long start, long length);
}
