package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Memory;
import dev.fencecheck.api.kernel.Mm;
import dev.fencecheck.api.kernel.MmuIntervalNotifier;
import dev.fencecheck.exec.ModelThread;
import dev.fencecheck.kernel.KernelThread;
import dev.fencecheck.lockdep.ReadMode;
import dev.fencecheck.lockdep.Site;
import java.util.List;

/**
 * A process address space ({@code struct mm_struct}): {@code mmap_lock}, private anonymous
 * vmas whose pages are faulted in by {@link #getUserPages} (taking them from the model's page
 * allocator), and mmu interval notifiers. Pages leave through munmap, the OOM reaper and
 * page reclaim, each after invalidating the notifiers over them.
 *
 * <p>Outside a modelled thread (set-up before the execution starts) {@link #map} and
 * {@link #insertNotifier} run without locks, scheduling points or annotations.
 */
public final class ModelMm implements Mm {
    private final ModelKernel kernel;
    private final ModelMmapLock mmapLock;
    private final MmuSubscriptions subscriptions;
    private final AddressSpace space = new AddressSpace();
    private boolean notifiersRegistered;
    private final ModelKey key;

    public ModelMm(ModelKernel kernel) {
        this.kernel = kernel;
        this.key = ModelKey.next(kernel, "mm");
        this.mmapLock = new ModelMmapLock(kernel, key.name());
        this.subscriptions = new MmuSubscriptions(kernel, key.name());
    }

    /** subscriptions->invalidate_seq: even while idle, odd while an invalidation hits a notifier. */
    public long invalidateSeq() {
        return subscriptions.invalidateSeq();
    }

    @Override
    public Held mmapReadLock() {
        return mmapLock.read();
    }

    @Override
    public Held mmapWriteLock() {
        return mmapLock.write();
    }

    /** mmap.c: do_mmap() with MAP_FIXED: whatever was mapped in the range is unmapped first. */
    @Override
    public void map(long start, long length) {
        long end = end(start, length);
        if (!ModelThread.inModel()) {
            space.carve(start, end);
            space.add(start, end);
            return;
        }
        ModelThread t = ModelThread.current();
        KernelThread kt = kernel.kernelThread(t);
        Site s = kernel.site("mmap(" + range(start, end) + ")");
        Held h = mmapLock.write();
        try {
            // vma.c: vm_area_alloc() is a GFP_KERNEL slab allocation (not accounted in pages)
            kernel.lockdep().mightAlloc(kt, Gfp.GFP_KERNEL, s);
            unmapLocked(t, kt, start, end, s);
            t.point(key, s.operation(), s.source());
            space.add(start, end);
        } finally {
            h.close();
        }
    }

    /**
     * mmap.c / vma.c: do_vmi_munmap() under mmap_write_lock(): the vmas are detached, then
     * unmap_region() -> unmap_vmas() invalidates the range (blockable, MMU_NOTIFY_UNMAP), zaps
     * the page tables, ends the invalidation, and tlb_finish_mmu() frees the pages.
     */
    @Override
    public void unmap(long start, long length) {
        long end = end(start, length);
        ModelThread t = ModelThread.current();
        KernelThread kt = kernel.kernelThread(t);
        Site s = kernel.site("munmap(" + range(start, end) + ")");
        Held h = mmapLock.write();
        try {
            unmapLocked(t, kt, start, end, s);
        } finally {
            h.close();
        }
    }

    private void unmapLocked(ModelThread t, KernelThread kt, long start, long end, Site s) {
        t.point(key, s.operation() + ": detach vmas", s.source());
        if (!space.carve(start, end)) {
            return;
        }
        subscriptions.invalidateStart(t, kt, start, end, MmuIntervalNotifier.Event.UNMAP, true, s);
        t.point(key, s.operation() + ": zap page range", s.source());
        int pages = space.depopulate(start, end);
        subscriptions.invalidateEnd(t, s);
        if (pages > 0) {
            memory().free(pages);
        }
    }

    /** find_vma(): lockless here; a scheduling point on the mm inside a model. */
    @Override
    public boolean isMapped(long address) {
        if (ModelThread.inModel()) {
            ModelThread.current().point(key, "find_vma(0x" + Long.toHexString(address) + ")", null);
        }
        return space.contains(address);
    }

    /**
     * mmu_notifier.c: mmu_interval_notifier_insert(): might_lock(&mm->mmap_lock); the first one
     * registers the mm's subscriptions (mmu_notifier_register(): mmap_write_lock() and a
     * GFP_KERNEL allocation), then the notifier is added to the interval tree.
     */
    @Override
    public MmuIntervalNotifier insertNotifier(long start, long length, MmuIntervalNotifier.Ops ops) {
        if (!ModelThread.inModel()) {
            notifiersRegistered = true;
            return subscriptions.insert(start, length, ops, null);
        }
        ModelThread t = ModelThread.current();
        KernelThread kt = kernel.kernelThread(t);
        Site s = kernel.site("mmu_interval_notifier_insert(" + range(start, end(start, length)) + ")");
        kernel.lockdep().lock(kt, kernel.lockdep().mmapLock(), ReadMode.WRITE, s);
        kernel.lockdep().unlock(kt, kernel.lockdep().mmapLock(), s);
        if (!notifiersRegistered) {
            Held h = mmapLock.write();
            kernel.lockdep().mightAlloc(kt, Gfp.GFP_KERNEL, s);
            notifiersRegistered = true;
            h.close();
        }
        return subscriptions.insert(start, length, ops, s.source());
    }

    /**
     * USERPTR-SEQ: a page-table walk (get_user_pages(), hmm_range_fault()) takes mmap_lock and
     * may allocate; inside a fence signalling section it makes the fence wait on both.
     */
    private void reportWalkInSection(ModelThread t, Site s) {
        kernel.report(new dev.fencecheck.lockdep.Finding(dev.fencecheck.lockdep.FindingKind.GUP_IN_SIGNALLING,
                dev.fencecheck.kernel.Rules.USERPTR_SEQ, t.name(), s,
                "thread " + t.name() + " walks user page tables (" + s.operation() + ") inside a fence signalling section",
                List.of(dev.fencecheck.lockdep.FindingKind.GUP_IN_SIGNALLING.headline(),
                        "thread " + t.name() + " calls " + s.operation() + " at " + s.describe()
                                + " while it holds dma_fence_map for signalling:",
                        "the walk takes mmap_lock and may allocate, so the fence would wait on both. Get the pages"
                                + " before publishing the fence, and revalidate them with the notifier sequence."),
                List.of(), new java.util.TreeSet<>()));
    }

    /**
     * gup.c: get_user_pages() / hmm.c: hmm_range_fault() under mmap_read_lock(): -EFAULT unless
     * every page lies in a vma; missing pages are faulted in (handle_mm_fault() allocates user
     * pages, a reclaiming mask with __GFP_FS, here GFP_KERNEL).
     */
    @Override
    public boolean getUserPages(long start, long length) {
        long end = end(start, length);
        ModelThread t = ModelThread.current();
        Site s = kernel.site("get_user_pages(" + range(start, end) + ")");
        if (kernel.lockdep().validator().isHeld(kernel.current().lockThread(), kernel.lockdep().dmaFenceMap(), 1)) {
            reportWalkInSection(t, s);
        }
        Held h = mmapLock.read();
        try {
            t.point(key, s.operation(), s.source());
            if (!space.covered(start, end)) {
                return false;
            }
            List<Long> missing = space.missing(start, end);
            if (missing.isEmpty()) {
                return true;
            }
            if (!memory().alloc(Gfp.GFP_KERNEL, missing.size())) {
                return false;
            }
            t.point(key, s.operation() + ": map the faulted pages", s.source());
            int raced = space.populate(missing);
            if (memory() instanceof ModelMemory m) {
                m.lruAdd(this);
            }
            if (raced > 0) {
                memory().free(raced);
            }
            return true;
        } finally {
            h.close();
        }
    }

    /**
     * oom_kill.c: oom_reap_task_mm() / __oom_reap_task_mm(): mmap_read_trylock(), then every vma
     * with mmu_notifier_invalidate_range_start_nonblock(); a vma whose notifier would block
     * (-EAGAIN) is left for a later attempt. True when the whole mm was reaped.
     */
    public boolean oomReap() {
        ModelThread t = ModelThread.current();
        KernelThread kt = kernel.kernelThread(t);
        Site s = kernel.site("oom_reap_task_mm()");
        Held h = mmapLock.tryRead();
        if (h == null) {
            return false;
        }
        boolean reaped = true;
        t.point(key, s.operation() + ": walk vmas", s.source());
        for (long[] vma : space.vmaRanges()) {
            if (!subscriptions.invalidateStart(t, kt, vma[0], vma[1], MmuIntervalNotifier.Event.OOM_REAP, false, s)) {
                reaped = false;
                continue;
            }
            t.point(key, s.operation() + ": unmap_page_range(" + range(vma[0], vma[1]) + ")", s.source());
            int pages = space.depopulate(vma[0], vma[1]);
            subscriptions.invalidateEnd(t, s);
            if (pages > 0) {
                memory().free(pages);
            }
        }
        h.close();
        return reaped;
    }

    /**
     * Page reclaim of this mm's present pages (vmscan.c: shrink_folio_list() -> rmap.c:
     * try_to_unmap(), which invalidates the notifiers over each page, blockable). The pages are
     * treated as clean and reclaimable; the next fault brings them back. Returns pages freed.
     */
    long reclaimPages(ModelThread t, KernelThread kt, Site site) {
        t.point(key, "shrink_lruvec: isolate user pages", site.source());
        long freed = 0;
        for (long[] run : space.presentRuns()) {
            subscriptions.invalidateStart(t, kt, run[0], run[1], MmuIntervalNotifier.Event.RECLAIM, true, site);
            t.point(key, "try_to_unmap(" + range(run[0], run[1]) + ")", site.source());
            int pages = space.depopulate(run[0], run[1]);
            subscriptions.invalidateEnd(t, site);
            if (pages > 0) {
                memory().free(pages);
            }
            freed += pages;
        }
        return freed;
    }

    private Memory memory() {
        return kernel.memory();
    }

    private static long end(long start, long length) {
        if (length <= 0 || start < 0) {
            throw new IllegalArgumentException("-EINVAL: range at 0x" + Long.toHexString(start) + " of length " + length);
        }
        return start + length;
    }

    private static String range(long start, long end) {
        return "[0x" + Long.toHexString(start) + ", 0x" + Long.toHexString(end) + ")";
    }

    @Override
    public String toString() {
        return key.name();
    }
}
