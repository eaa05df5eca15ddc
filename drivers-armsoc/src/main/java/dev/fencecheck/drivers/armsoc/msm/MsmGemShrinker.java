package dev.fencecheck.drivers.armsoc.msm;

import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Memory;
import dev.fencecheck.api.kernel.Shrinker;
import dev.fencecheck.drivers.armsoc.drm.ShrinkControl;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code msm_gem_shrinker.c} on {@code drm_gem_lru_scan()} ({@code drm_gem.c}): progressively more
 * expensive stages, the last two of which, when the reclaim context may block, wait up to 1000
 * jiffies for an active object's fences ({@code wait_for_idle()}: {@code dma_resv_wait_timeout(obj->resv,
 * dma_resv_usage_rw(true), false, 1000)}) with its reservation trylocked, then purge or evict it.
 * A bounded fence wait from reclaim: the wait may time out, and then the object stays.
 */
@Singleton
final class MsmGemShrinker implements Shrinker {
    /** wait_for_idle()'s timeout, in jiffies. */
    static final long IDLE_TIMEOUT = 1000;

    private final MsmDevice dev;
    private final Memory memory;

    @Inject
    MsmGemShrinker(MsmDevice dev, Memory memory) {
        this.dev = dev;
        this.memory = memory;
        // msm_gem_shrinker_init(): shrinker_alloc(0, "drm-msm_gem"); shrinker_register()
        memory.registerShrinker(this);
    }

    @Override
    public String name() {
        return "drm-msm_gem";
    }

    /** can_swap(): enable_eviction && get_nr_swap_pages() > 0; the model's system has swap. */
    private static boolean canSwap() {
        return true;
    }

    /**
     * can_block(sc): the mask allows direct reclaim, or kswapd. The SPI's Shrinker gets no
     * shrink_control, but the model runs shrinkers only for masks with __GFP_FS, which all allow
     * direct reclaim, or from kswapd: it is always true here.
     */
    private static boolean canBlock() {
        return true;
    }

    // msm_gem_shrinker_count(): lockless counts of the LRUs
    @Override
    public long count() {
        long count = pagesIn(MsmGemObject.Lru.DONTNEED);
        if (canSwap()) {
            count += pagesIn(MsmGemObject.Lru.WILLNEED);
        }
        return count;
    }

    private long pagesIn(MsmGemObject.Lru lru) {
        long pages = 0;
        for (MsmGemObject obj : dev.handles.all()) {
            if (obj.lru == lru) {
                pages += obj.pages();
            }
        }
        return pages;
    }

    // msm_gem_shrinker_scan(): "Stages of progressively more aggressive/expensive reclaim"
    @Override
    public long scan(long toScan) {
        long nr = toScan;
        long freed = 0;
        record Stage(MsmGemObject.Lru lru, Predicate<MsmGemObject> shrink, boolean cond) {
        }
        List<Stage> stages = List.of(
                new Stage(MsmGemObject.Lru.DONTNEED, this::purge, true),
                new Stage(MsmGemObject.Lru.WILLNEED, this::evict, canSwap()),
                new Stage(MsmGemObject.Lru.DONTNEED, this::activePurge, canBlock()),
                new Stage(MsmGemObject.Lru.WILLNEED, this::activeEvict, canSwap() && canBlock()));
        for (Stage stage : stages) {
            if (nr <= 0) {
                break;
            }
            if (!stage.cond()) {
                continue;
            }
            long f = lruScan(stage.lru(), nr, stage.shrink());
            nr -= f;
            freed += f;
        }
        return freed > 0 ? freed : ShrinkControl.SHRINK_STOP;
    }

    /**
     * drm_gem.c: drm_gem_lru_scan(): under lru->lock take the next object, drop the lock, trylock
     * its reservation ("we can hit shrinker in response to trying to get backing pages for this
     * obj"), shrink it, and take the lock again.
     */
    private long lruScan(MsmGemObject.Lru lru, long nrToScan, Predicate<MsmGemObject> shrink) {
        long freed = 0;
        List<MsmGemObject> stillInLru = new ArrayList<>();
        Held lock = dev.lruLock.lock();
        try {
            while (freed < nrToScan) {
                MsmGemObject obj = first(lru, stillInLru);
                if (obj == null) {
                    break;
                }
                stillInLru.add(obj); // drm_gem_lru_move_tail_locked(&still_in_lru, obj)
                lock.close();
                try {
                    if (obj.resv().trylock()) {
                        try {
                            if (shrink.test(obj)) {
                                freed += obj.pages();
                            }
                        } finally {
                            obj.resv().unlock();
                        }
                    }
                } finally {
                    lock = dev.lruLock.lock();
                }
            }
        } finally {
            lock.close();
        }
        return freed;
    }

    private MsmGemObject first(MsmGemObject.Lru lru, List<MsmGemObject> seen) {
        for (MsmGemObject obj : dev.handles.all()) {
            if (obj.lru == lru && !seen.contains(obj)) {
                return obj;
            }
        }
        return null;
    }

    // msm_gem_active(): !dma_resv_test_signaled(obj->resv, DMA_RESV_USAGE_BOOKKEEP)
    private static boolean active(MsmGemObject obj) {
        return !obj.resv().testSignaled(DmaResv.Usage.BOOKKEEP);
    }

    // purge(): only MSM_MADV_DONTNEED objects, which the model never has
    private boolean purge(MsmGemObject obj) {
        if (obj.willneed || active(obj)) {
            return false;
        }
        MsmGem.evict(dev, obj, memory); // msm_gem_purge()
        return true;
    }

    // evict(): is_unevictable() (pinned), msm_gem_active(), then msm_gem_evict()
    private boolean evict(MsmGemObject obj) {
        if (obj.pinCount > 0 || !obj.backed || active(obj)) {
            return false;
        }
        MsmGem.evict(dev, obj, memory);
        return true;
    }

    // wait_for_idle(): dma_resv_wait_timeout(obj->resv, dma_resv_usage_rw(true), false, 1000) > 0
    private static boolean waitForIdle(MsmGemObject obj) {
        return obj.resv().waitTimeout(DmaResv.Usage.READ, IDLE_TIMEOUT) > 0;
    }

    private boolean activePurge(MsmGemObject obj) {
        return waitForIdle(obj) && purge(obj);
    }

    private boolean activeEvict(MsmGemObject obj) {
        return waitForIdle(obj) && evict(obj);
    }
}
