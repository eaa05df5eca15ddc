package dev.fencecheck.kernel;

import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.lockdep.ExecContext;
import dev.fencecheck.lockdep.Finding;
import dev.fencecheck.lockdep.FindingKind;
import dev.fencecheck.lockdep.FindingSink;
import dev.fencecheck.lockdep.Lock;
import dev.fencecheck.lockdep.LockClass;
import dev.fencecheck.lockdep.LockThread;
import dev.fencecheck.lockdep.LockValidator;
import dev.fencecheck.lockdep.ReadMode;
import dev.fencecheck.lockdep.Site;
import dev.fencecheck.lockdep.ValidatorOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's lockdep annotations on top of the validator: the built-in maps and locks, the
 * boot-time priming of {@code dma_resv_lockdep()}, {@code fs_reclaim_acquire()} for every GFP
 * mask and {@code memalloc_*} scope, the mmu-notifier map, the dma_fence signalling and wait
 * annotations, and ww acquire contexts. Every operation classifies the findings it causes under
 * the cross-driver rules.
 */
public final class KernelLockdep {
    private final LockValidator validator;
    private final FindingSink out;
    private final RuleClassifier classifier;

    private final LockClass reservation;
    private final LockClass reservationAcquire;
    private final Map<LockClass, LockClass> acquireClasses = new HashMap<>();
    private final Lock mmapLock;
    private final Lock iMmapRwsem;
    private final Lock fsReclaim;
    private final Lock mmuNotifier;
    private final Lock dmaFenceMap;

    // The operation in progress, for classifying the findings it makes.
    private final List<Finding> pending = new ArrayList<>();
    private OpKind currentOp = OpKind.BOOT;
    private boolean currentInSection;
    private boolean currentInReclaim;

    public KernelLockdep(ValidatorOptions options, FindingSink out) {
        this.out = out;
        this.validator = new LockValidator(options, pending::add);
        // Class and map names as the scenario format spells them; the kernel's own names are
        // reservation_ww_class_mutex/_acquire, __fs_reclaim_map,
        // __mmu_notifier_invalidate_range_start_map and dma_fence_lockdep_map.
        this.mmapLock = validator.newLock("mmap_lock", validator.newClass("mmap_lock"), false, true);
        this.iMmapRwsem = validator.newLock("i_mmap_rwsem", validator.newClass("i_mmap_rwsem"), false, true);
        this.reservation = validator.newClass("dma_resv");
        this.reservationAcquire = validator.newClass("dma_resv_acquire");
        acquireClasses.put(reservation, reservationAcquire);
        this.fsReclaim = validator.newLock("fs_reclaim", validator.newClass("fs_reclaim"), false, false);
        this.mmuNotifier = validator.newLock("mmu_notifier", validator.newClass("mmu_notifier"), false, false);
        this.dmaFenceMap = validator.newLock("dma_fence_map", validator.newClass("dma_fence_map"), false, false);
        this.classifier = new RuleClassifier(this);
        prime();
    }

    public LockValidator validator() {
        return validator;
    }

    public Lock mmapLock() {
        return mmapLock;
    }

    public Lock iMmapRwsem() {
        return iMmapRwsem;
    }

    public Lock fsReclaim() {
        return fsReclaim;
    }

    public Lock mmuNotifier() {
        return mmuNotifier;
    }

    public Lock dmaFenceMap() {
        return dmaFenceMap;
    }

    /** reservation_ww_class: the class of every dma_resv lock. */
    public LockClass reservationClass() {
        return reservation;
    }

    public LockClass reservationAcquireClass() {
        return reservationAcquire;
    }

    /** Whether {@code c} is a ww mutex class or its acquire class. */
    public boolean isReservationClass(LockClass c) {
        return acquireClasses.containsKey(c) || acquireClasses.containsValue(c);
    }

    /** Declares {@code wwClass} a ww class (DEFINE_WW_CLASS) and returns its acquire class. */
    public LockClass acquireClassOf(LockClass wwClass) {
        return acquireClasses.computeIfAbsent(wwClass, c -> validator.newClass(c.name() + "_acquire"));
    }

    public KernelThread newThread(String name, ExecContext context) {
        return new KernelThread(validator.newThread(name, context));
    }

    // ---------------------------------------------------------------- boot

    /**
     * dma-resv.c: dma_resv_lockdep(), the subsys_initcall that teaches lockdep the order
     * mmap_lock -> dma_resv -> fs_reclaim -> mmu_notifier -> dma_fence_map.
     */
    private void prime() {
        KernelThread t = newThread("swapper (dma_resv_lockdep)", ExecContext.TASK);
        String src = "dma-resv.c: dma_resv_lockdep";
        begin(t, OpKind.BOOT);
        validator.acquire(t.lockThread(), mmapLock, ReadMode.READ, false, null, Site.of(src, "mmap_read_lock(mm)"));
        WwAcquireContext ctx = newAcquireContext("ctx", reservation);
        wwAcquireInitRaw(t, ctx, Site.of(src, "ww_acquire_init(&ctx, &reservation_ww_class)"));
        Lock obj = validator.newLock("obj.lock", reservation, false, true);
        validator.acquire(t.lockThread(), obj, ReadMode.WRITE, false, ctx.context(),
                Site.of(src, "dma_resv_lock(&obj, &ctx)"));
        fsReclaimAcquire(t, Gfp.GFP_KERNEL.flags(), Site.of(src, "fs_reclaim_acquire(GFP_KERNEL)"));
        Site immap = Site.of(src, "i_mmap_lock_write(&mapping)");
        validator.acquire(t.lockThread(), iMmapRwsem, ReadMode.WRITE, false, null, immap);
        validator.release(t.lockThread(), iMmapRwsem, immap);
        Site notifier = Site.of(src, "lock_map_acquire(&__mmu_notifier_invalidate_range_start_map)");
        validator.acquire(t.lockThread(), mmuNotifier, ReadMode.WRITE, false, null, notifier);
        dmaFenceMightWait(t, Site.of(src, "__dma_fence_might_wait()"));
        validator.release(t.lockThread(), mmuNotifier, notifier);
        fsReclaimRelease(t, Gfp.GFP_KERNEL.flags(), Site.of(src, "fs_reclaim_release(GFP_KERNEL)"));
        validator.release(t.lockThread(), obj, Site.of(src, "ww_mutex_unlock(&obj.lock)"));
        wwAcquireFiniRaw(t, ctx, Site.of(src, "ww_acquire_fini(&ctx)"));
        validator.release(t.lockThread(), mmapLock, Site.of(src, "mmap_read_unlock(mm)"));
        end(t);
    }

    // ---------------------------------------------------------------- locks

    /** mutex_lock(), spin_lock(), down_read(), read_lock(), lock_map_acquire(), ... */
    public void lock(KernelThread t, Lock lock, ReadMode read, Site site) {
        begin(t, OpKind.LOCK);
        if (lock.sleeping()) {
            validator.mightSleep(t.lockThread(), site);
        }
        validator.acquire(t.lockThread(), lock, read, false, null, site);
        end(t);
    }

    /** mutex_trylock(), spin_trylock(), down_write_trylock(): never sleeps, adds no dependency. */
    public void trylock(KernelThread t, Lock lock, ReadMode read, Site site) {
        begin(t, OpKind.TRYLOCK);
        validator.acquire(t.lockThread(), lock, read, true, null, site);
        end(t);
    }

    public void unlock(KernelThread t, Lock lock, Site site) {
        begin(t, OpKind.UNLOCK);
        validator.release(t.lockThread(), lock, site);
        end(t);
    }

    public WwAcquireContext newAcquireContext(String name, LockClass wwClass) {
        LockClass acquire = acquireClassOf(wwClass);
        return new WwAcquireContext(name, validator.newLock(name, acquire, false, false),
                validator.newLock(name + ".first_lock", wwClass, false, false));
    }

    /** ww_mutex.h: ww_acquire_init(): the context, then the fake first lock nested in it. */
    public void wwAcquireInit(KernelThread t, WwAcquireContext ctx, Site site) {
        begin(t, OpKind.WW);
        wwAcquireInitRaw(t, ctx, site);
        end(t);
    }

    private void wwAcquireInitRaw(KernelThread t, WwAcquireContext ctx, Site site) {
        validator.acquire(t.lockThread(), ctx.context(), ReadMode.WRITE, false, null, site);
        // the first lock is LD_WAIT_SLEEP, the context map has no wait type
        validator.checkSleepingWaitContext(t.lockThread(), ctx.firstLock(), site);
        validator.acquire(t.lockThread(), ctx.firstLock(), ReadMode.WRITE, false, ctx.context(), site);
    }

    /** mutex.c: ww_mutex_lock(lock, ctx): mutex_acquire_nest() with the context as nest lock. */
    public void wwMutexLock(KernelThread t, Lock lock, WwAcquireContext ctx, Site site) {
        begin(t, OpKind.LOCK);
        validator.mightSleep(t.lockThread(), site);
        validator.acquire(t.lockThread(), lock, ReadMode.WRITE, false, ctx.context(), site);
        end(t);
    }

    /** ww_mutex.h: ww_acquire_fini(): releases the first lock and the context. */
    public void wwAcquireFini(KernelThread t, WwAcquireContext ctx, Site site) {
        begin(t, OpKind.WW);
        wwAcquireFiniRaw(t, ctx, site);
        end(t);
    }

    private void wwAcquireFiniRaw(KernelThread t, WwAcquireContext ctx, Site site) {
        validator.release(t.lockThread(), ctx.firstLock(), site);
        validator.release(t.lockThread(), ctx.context(), site);
    }

    // ---------------------------------------------------------------- memory

    /**
     * sched/mm.h: might_alloc(gfp), which the page and slab allocators call on every
     * allocation: fs_reclaim_acquire(); fs_reclaim_release(); might_sleep_if(blocking).
     */
    public void mightAlloc(KernelThread t, Gfp gfp, Site site) {
        begin(t, OpKind.ALLOC);
        fsReclaimAcquire(t, gfp.flags(), site);
        fsReclaimRelease(t, gfp.flags(), site);
        if (gfp.mayBlock()) {
            validator.mightSleep(t.lockThread(), site);
        }
        end(t);
    }

    /** page_alloc.c: __need_reclaim(): direct reclaim allowed and the task not already reclaiming. */
    private boolean needReclaim(KernelThread t, int flags) {
        return (flags & Gfp.DIRECT_RECLAIM) != 0 && !t.in(MemallocScope.NORECLAIM);
    }

    /**
     * page_alloc.c: fs_reclaim_acquire(): after current_gfp_context(), a reclaiming mask with
     * __GFP_FS takes __fs_reclaim_map, and any reclaiming mask touches the mmu notifier map
     * (commit f920e413ff9c, "mm: track mmu notifiers in fs_reclaim_acquire/release").
     */
    private void fsReclaimAcquire(KernelThread t, int gfpFlags, Site site) {
        int flags = t.gfpContext(gfpFlags);
        if (!needReclaim(t, flags)) {
            return;
        }
        if ((flags & Gfp.FS) != 0) {
            validator.acquire(t.lockThread(), fsReclaim, ReadMode.WRITE, false, null, site);
        }
        validator.acquire(t.lockThread(), mmuNotifier, ReadMode.WRITE, false, null, site);
        validator.release(t.lockThread(), mmuNotifier, site);
    }

    /** page_alloc.c: fs_reclaim_release(). */
    private void fsReclaimRelease(KernelThread t, int gfpFlags, Site site) {
        int flags = t.gfpContext(gfpFlags);
        if (needReclaim(t, flags) && (flags & Gfp.FS) != 0) {
            validator.release(t.lockThread(), fsReclaim, site);
        }
    }

    /** sched/mm.h: memalloc_{nofs,noio,noreclaim}_save(). */
    public void memallocSave(KernelThread t, MemallocScope scope) {
        t.save(scope);
    }

    /** sched/mm.h: memalloc_{nofs,noio,noreclaim}_restore(). */
    public void memallocRestore(KernelThread t, MemallocScope scope) {
        t.restore(scope);
    }

    /**
     * Direct reclaim entered by {@code t} (vmscan.c: __perform_reclaim()): it runs under
     * fs_reclaim_acquire(GFP_KERNEL); the caller then runs the shrinkers and calls
     * {@link #exitReclaim}. Reclaim may sleep.
     */
    public void enterReclaim(KernelThread t, Site site) {
        begin(t, OpKind.RECLAIM);
        validator.mightSleep(t.lockThread(), site);
        validator.acquire(t.lockThread(), fsReclaim, ReadMode.WRITE, false, null, site);
        validator.acquire(t.lockThread(), mmuNotifier, ReadMode.WRITE, false, null, site);
        validator.release(t.lockThread(), mmuNotifier, site);
        t.reclaimDepth++;
        end(t);
    }

    public void exitReclaim(KernelThread t, Site site) {
        begin(t, OpKind.RECLAIM);
        t.reclaimDepth--;
        validator.release(t.lockThread(), fsReclaim, site);
        end(t);
    }

    /**
     * mmu_notifier.h: mmu_notifier_invalidate_range_start(): might_sleep(), then the notifier
     * callbacks run inside the notifier map; the caller runs them and calls {@link #exitInvalidate}.
     */
    public void enterInvalidate(KernelThread t, Site site) {
        begin(t, OpKind.INVALIDATE);
        validator.mightSleep(t.lockThread(), site);
        validator.acquire(t.lockThread(), mmuNotifier, ReadMode.WRITE, false, null, site);
        t.reclaimDepth++;
        end(t);
    }

    public void exitInvalidate(KernelThread t, Site site) {
        begin(t, OpKind.INVALIDATE);
        t.reclaimDepth--;
        validator.release(t.lockThread(), mmuNotifier, site);
        end(t);
    }

    // ---------------------------------------------------------------- dma_fence

    /**
     * dma-fence.c: dma_fence_begin_signalling(): nothing if already inside a section or in
     * atomic context; otherwise a successful non-recursive read trylock of dma_fence_map
     * (commit 2facdd6002ad).
     */
    public void beginSignalling(KernelThread t, Site site) {
        begin(t, OpKind.BEGIN_SIGNALLING);
        t.signallingCookies.push(beginSignallingRaw(t, site));
        end(t);
    }

    private boolean beginSignallingRaw(KernelThread t, Site site) {
        if (validator.isHeld(t.lockThread(), dmaFenceMap, 1)) {
            return true;
        }
        if (t.lockThread().inAtomic()) {
            return true;
        }
        validator.acquire(t.lockThread(), dmaFenceMap, ReadMode.READ, true, null, site);
        return false;
    }

    /** dma-fence.c: dma_fence_end_signalling(cookie). */
    public void endSignalling(KernelThread t, Site site) {
        begin(t, OpKind.END_SIGNALLING);
        Boolean cookie = t.signallingCookies.poll();
        if (cookie == null || !cookie) {
            validator.release(t.lockThread(), dmaFenceMap, site);
        }
        end(t);
    }

    /** Publishing a fence (dma_resv_add_fence, sync_file, syncobj) makes it visible to waiters. */
    public void publish(KernelThread t, DmaFence fence, Site site) {
        fence.markPublished();
    }

    /**
     * dma-fence.c: dma_fence_signal(): itself a signalling section. A second signal of one
     * fence is a finding (the kernel returns -EINVAL).
     */
    public void signal(KernelThread t, DmaFence fence, Site site) {
        begin(t, OpKind.SIGNAL);
        boolean cookie = beginSignallingRaw(t, site);
        if (!fence.markSignalled()) {
            List<String> r = List.of(FindingKind.DOUBLE_SIGNAL.headline(),
                    "thread " + t.name() + " signals fence " + fence.name() + " at " + site.describe()
                            + ", but it is already signalled.",
                    "A dma_fence is signalled exactly once; waiters and callbacks rely on it.");
            java.util.TreeSet<Integer> lines = new java.util.TreeSet<>();
            if (site.hasLine()) {
                lines.add(site.line());
            }
            pending.add(new Finding(FindingKind.DOUBLE_SIGNAL, null, t.name(), site,
                    "fence " + fence.name() + " signalled twice (thread " + t.name() + ", " + site.describe() + ")",
                    r, List.of(), lines));
        }
        if (!cookie) {
            validator.release(t.lockThread(), dmaFenceMap, site);
        }
        end(t);
    }

    /** dma-fence.c: dma_fence_wait_timeout(): might_sleep(), then __dma_fence_might_wait(). */
    public void wait(KernelThread t, DmaFence fence, Site site) {
        begin(t, OpKind.WAIT);
        validator.mightSleep(t.lockThread(), site);
        dmaFenceMightWait(t, site);
        end(t);
    }

    /**
     * dma-fence.c: __dma_fence_might_wait(): the wait side. A read hold of the signalling
     * section is dropped (from wherever it is in the stack), the map is taken for writing and
     * released, and the read hold is taken back as a trylock.
     */
    private void dmaFenceMightWait(KernelThread t, Site site) {
        LockThread lt = t.lockThread();
        boolean inSection = validator.isHeld(lt, dmaFenceMap, 1);
        if (inSection) {
            validator.release(lt, dmaFenceMap, site);
        }
        validator.acquire(lt, dmaFenceMap, ReadMode.WRITE, false, null, site);
        validator.release(lt, dmaFenceMap, site);
        if (inSection) {
            validator.acquire(lt, dmaFenceMap, ReadMode.READ, true, null, site);
        }
    }

    // ---------------------------------------------------------------- context

    public void mightSleep(KernelThread t, Site site) {
        begin(t, OpKind.MIGHT_SLEEP);
        validator.mightSleep(t.lockThread(), site);
        end(t);
    }

    public void irqDisable(KernelThread t) {
        validator.hardirqsOff(t.lockThread());
    }

    public void irqEnable(KernelThread t, Site site) {
        begin(t, OpKind.IRQ);
        validator.hardirqsOn(t.lockThread(), site);
        end(t);
    }

    public void bhDisable(KernelThread t) {
        validator.softirqsOff(t.lockThread());
    }

    public void bhEnable(KernelThread t, Site site) {
        begin(t, OpKind.IRQ);
        validator.softirqsOn(t.lockThread(), site);
        end(t);
    }

    /** The thread finishes: no lock may still be held. */
    public void exit(KernelThread t, Site site) {
        begin(t, OpKind.EXIT);
        validator.threadExit(t.lockThread(), site);
        t.signallingCookies.clear();
        end(t);
    }

    // ---------------------------------------------------------------- classification

    private void begin(KernelThread t, OpKind op) {
        currentOp = op;
        currentInSection = validator.isHeld(t.lockThread(), dmaFenceMap, 1);
        currentInReclaim = t.inReclaim();
        validator.beginOperation(t.lockThread());
    }

    private void end(KernelThread t) {
        validator.endOperation(t.lockThread());
        if (pending.isEmpty()) {
            return;
        }
        List<Finding> made = new ArrayList<>(pending);
        pending.clear();
        for (Finding f : made) {
            out.report(f.withRule(classifier.classify(f, currentOp, currentInSection, currentInReclaim)));
        }
    }
}
