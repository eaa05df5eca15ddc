package dev.fencecheck.api.kernel;

/**
 * Userptr pages mapped into the GPU page tables. The pages stay valid for the GPU only until the
 * mmu notifier of their range is invalidated: before the invalidation returns, the driver must
 * have waited for the GPU, preempted it, or called {@link #invalidate}.
 */
public interface GpuMapping {
    long start();

    long length();

    /** Zaps the GPU page-table entries and flushes the GPU TLB: later accesses fault. */
    void invalidate();
}
