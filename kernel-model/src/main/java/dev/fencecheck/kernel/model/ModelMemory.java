package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Memory;
import dev.fencecheck.api.kernel.Mempool;
import dev.fencecheck.api.kernel.Shrinker;
import dev.fencecheck.exec.ModelThread;
import dev.fencecheck.kernel.KernelThread;
import dev.fencecheck.kernel.MemallocScope;
import dev.fencecheck.lockdep.ExecContext;
import dev.fencecheck.lockdep.Site;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The page allocator of a model ({@code mm/page_alloc.c}) with a single zone: a capacity in pages,
 * a free count and the zone watermarks. An allocation that would take the zone below its low
 * watermark goes to the slow path, where masks without direct reclaim may only dip into the
 * reserves below the min watermark, and reclaiming masks enter direct reclaim in the calling
 * thread ({@link ModelReclaim}). Every allocation and free is a scheduling point on this object.
 *
 * <p>Pages come back only through {@link #free}: a shrinker's {@code scan()} result is reclaim's
 * progress accounting, as in the kernel, and the shrinker frees its pages itself.
 */
public final class ModelMemory implements Memory {
    /** gfp_types.h: __GFP_NOMEMALLOC (model-internal bit): no PF_MEMALLOC reserves. */
    static final int NOMEMALLOC = 1 << 8;
    /** gfp_types.h: __GFP_NORETRY (model-internal bit): one direct reclaim attempt only. */
    static final int NORETRY = 1 << 9;
    /** page_alloc.c: MAX_RECLAIM_RETRIES. */
    private static final int MAX_RECLAIM_RETRIES = 16;

    private final ModelKernel kernel;
    private final long capacity;
    private final long minWmark;
    private final long lowWmark;
    private final long highWmark;
    private long free;
    private final List<Shrinker> shrinkers = new ArrayList<>();
    private final Set<ModelMm> lru = new LinkedHashSet<>();
    private final Map<ModelThread, TaskMemalloc> tasks = new HashMap<>();
    private final ModelReclaim reclaim;
    private final ModelKey key;
    private final Map<Shrinker, ModelKey> shrinkerKeys = new HashMap<>();

    /**
     * @param capacityPages   pages in the zone, all free at first
     * @param minWatermark    the zone's min watermark; low and high follow as in
     *                        {@code __setup_per_zone_wmarks()} (min + min/4, min + min/2)
     */
    public ModelMemory(ModelKernel kernel, long capacityPages, long minWatermark) {
        if (capacityPages < 0 || minWatermark < 0 || minWatermark > capacityPages) {
            throw new IllegalArgumentException("need 0 <= minWatermark <= capacityPages");
        }
        this.kernel = kernel;
        this.capacity = capacityPages;
        this.free = capacityPages;
        this.minWmark = minWatermark;
        this.lowWmark = minWatermark + minWatermark / 4;
        this.highWmark = minWatermark + minWatermark / 2;
        this.reclaim = new ModelReclaim(kernel, this);
        this.key = ModelKey.next(kernel, "memory");
    }

    /** The scheduling object of the zone. */
    Object key() {
        return key;
    }

    /** The scheduling object of a registered shrinker. */
    Object key(Shrinker shrinker) {
        return shrinkerKeys.get(shrinker);
    }

    /** Set-up before the execution starts: pages in use by the rest of the system. */
    public ModelMemory occupy(long pages) {
        if (ModelThread.inModel()) {
            throw new IllegalStateException("occupy() sets up the model; threads allocate with alloc()");
        }
        if (pages < 0 || pages > free) {
            throw new IllegalArgumentException("cannot occupy " + pages + " of " + free + " free pages");
        }
        free -= pages;
        return this;
    }

    public long capacity() {
        return capacity;
    }

    public long freePages() {
        return free;
    }

    public long minWatermark() {
        return minWmark;
    }

    public long lowWatermark() {
        return lowWmark;
    }

    public long highWatermark() {
        return highWmark;
    }

    /** Memory pressure: the zone is below its low watermark, where kswapd is woken. */
    public boolean underPressure() {
        return free < lowWmark;
    }

    // vmscan.c: pgdat_balanced(): kswapd may sleep once the zone is back above its high watermark
    boolean balanced() {
        return free >= highWmark;
    }

    @Override
    public boolean alloc(Gfp gfp, long pages) {
        return allocate(gfp, gfp.flags(), pages);
    }

    /**
     * page_alloc.c: __alloc_pages(): might_alloc(), the mask under the task's memalloc scope,
     * the fast path at the low watermark, then the slow path.
     *
     * @param annotation the mask as lockdep sees it (might_alloc())
     * @param gfpFlags   the mask's bits, possibly with the model-internal modifiers
     */
    boolean allocate(Gfp annotation, int gfpFlags, long pages) {
        if (pages <= 0) {
            throw new IllegalArgumentException("allocate at least one page");
        }
        ModelThread t = ModelThread.current();
        KernelThread kt = kernel.kernelThread(t);
        Site s = kernel.site("alloc(" + annotation + ", " + pages + ")");
        t.point(key, s.operation(), s.source());
        kernel.lockdep().mightAlloc(kt, annotation, s);
        TaskMemalloc task = task(t);
        int flags = task.gfpContext(gfpFlags);
        // page_alloc.c: get_page_from_freelist() with ALLOC_WMARK_LOW
        if (take(pages, lowWmark)) {
            return true;
        }
        return slowpath(t, kt, task, flags, pages, s);
    }

    // page_alloc.c: __alloc_pages_slowpath()
    private boolean slowpath(ModelThread t, KernelThread kt, TaskMemalloc task, int flags, long pages, Site s) {
        // wake_all_kswapds(): the modelled kswapd balances whenever the zone is below its high
        // watermark, so there is nothing to wake.
        long mark = reserveMark(flags, task, kt);
        if (take(pages, mark)) {
            return true;
        }
        // "Caller is not willing to reclaim, we can't balance anything"
        if ((flags & Gfp.DIRECT_RECLAIM) == 0) {
            return false;
        }
        // "Avoid recursion of direct reclaim": PF_MEMALLOC (reclaim, kswapd, noreclaim scope)
        if (task.memalloc()) {
            return false;
        }
        for (int round = 1; ; round++) {
            // __alloc_pages_direct_reclaim(): __perform_reclaim(), then get_page_from_freelist()
            long progress = reclaim.direct(t, kt, task, flags, s);
            t.point(key, s.operation() + ": retry after direct reclaim", s.source());
            if (take(pages, mark)) {
                return true;
            }
            if ((flags & NORETRY) != 0) {
                return false;
            }
            // should_reclaim_retry() keeps going while reclaim makes progress; without progress
            // the kernel goes to __alloc_pages_may_oom(). The OOM killer is not modelled: the
            // allocation fails instead.
            if (progress == 0 || round >= MAX_RECLAIM_RETRIES) {
                return false;
            }
        }
    }

    /**
     * page_alloc.c: the watermark of the slow path: gfp_to_alloc_flags() (ALLOC_WMARK_MIN,
     * ALLOC_MIN_RESERVE for __GFP_HIGH, ALLOC_NON_BLOCK without direct reclaim),
     * __gfp_pfmemalloc_flags() (ALLOC_NO_WATERMARKS for PF_MEMALLOC outside hard irq, unless
     * __GFP_NOMEMALLOC) and the reserve arithmetic of __zone_watermark_ok().
     */
    private long reserveMark(int flags, TaskMemalloc task, KernelThread kt) {
        if (task.memalloc() && (flags & NOMEMALLOC) == 0 && kt.lockThread().context() != ExecContext.HARDIRQ) {
            return 0;
        }
        long min = minWmark;
        if ((flags & Gfp.HIGH) != 0) {
            min -= min / 2;
            if ((flags & Gfp.DIRECT_RECLAIM) == 0) {
                min -= min / 4;
            }
        }
        return min;
    }

    // page_alloc.c: __zone_watermark_ok() then rmqueue(): the zone stays at or above the mark
    private boolean take(long pages, long mark) {
        if (free < pages || free - pages < mark) {
            return false;
        }
        free -= pages;
        return true;
    }

    @Override
    public void free(long pages) {
        if (pages <= 0) {
            throw new IllegalArgumentException("free at least one page");
        }
        ModelThread t = ModelThread.current();
        Site s = kernel.site("free(" + pages + ")");
        t.point(key, s.operation(), s.source());
        // page_alloc.c: __free_pages()
        if (free + pages > capacity) {
            throw new IllegalStateException("freeing " + pages + " pages with only " + (capacity - free)
                    + " allocated: a double free");
        }
        free += pages;
    }

    /** Boot-time allocation outside a modelled thread (a mempool created at init). */
    boolean allocAtBoot(long pages) {
        if (free < pages) {
            return false;
        }
        free -= pages;
        return true;
    }

    void freeAtBoot(long pages) {
        free = Math.min(capacity, free + pages);
    }

    @Override
    public void registerShrinker(Shrinker shrinker) {
        if (ModelThread.inModel()) {
            // vmscan.c: register_shrinker(): __prealloc_shrinker() allocates with GFP_KERNEL
            ModelThread t = ModelThread.current();
            Site s = kernel.site("register_shrinker(" + shrinker.name() + ")");
            t.point(key, s.operation(), s.source());
            kernel.lockdep().mightAlloc(kernel.kernelThread(t), Gfp.GFP_KERNEL, s);
        }
        shrinkers.add(shrinker);
        shrinkerKeys.put(shrinker, ModelKey.next(kernel, "shrinker " + shrinker.name()));
    }

    List<Shrinker> shrinkers() {
        return List.copyOf(shrinkers);
    }

    /** Registers an address space whose user pages are on the LRU, so reclaim may unmap them. */
    void lruAdd(ModelMm mm) {
        lru.add(mm);
    }

    List<ModelMm> lru() {
        return List.copyOf(lru);
    }

    ModelReclaim reclaim() {
        return reclaim;
    }

    TaskMemalloc task(ModelThread t) {
        return tasks.computeIfAbsent(t, x -> new TaskMemalloc());
    }

    @Override
    public Held nofs() {
        return scope(MemallocScope.NOFS, "memalloc_nofs");
    }

    @Override
    public Held noio() {
        return scope(MemallocScope.NOIO, "memalloc_noio");
    }

    @Override
    public Held noreclaim() {
        return scope(MemallocScope.NORECLAIM, "memalloc_noreclaim");
    }

    // sched/mm.h: memalloc_*_save() .. memalloc_*_restore(): a task flag, seen by the allocator
    // (current_gfp_context(), PF_MEMALLOC) and by the fs_reclaim annotation
    private Held scope(MemallocScope scope, String name) {
        ModelThread t = ModelThread.current();
        KernelThread kt = kernel.kernelThread(t);
        Site s = kernel.site(name + "_save()");
        t.point(null, s.operation(), s.source());
        task(t).save(scope);
        kernel.lockdep().memallocSave(kt, scope);
        boolean[] restored = {false};
        return () -> {
            if (restored[0]) {
                return;
            }
            restored[0] = true;
            Site r = kernel.site(name + "_restore()");
            t.point(null, r.operation(), r.source());
            task(t).restore(scope);
            kernel.lockdep().memallocRestore(kt, scope);
        };
    }

    @Override
    public Mempool mempool(String name, int minNr) {
        return ModelMempool.create(kernel, this, name, minNr);
    }

    @Override
    public String toString() {
        return "memory";
    }
}
