package dev.fencecheck.drivers.armsoc.panfrost;

import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Memory;
import dev.fencecheck.api.kernel.Shrinker;
import dev.fencecheck.drivers.armsoc.drm.ShrinkControl;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * {@code panfrost_gem_shrinker.c}: purges only objects userspace marked
 * {@code PANFROST_MADV_DONTNEED} and no job uses ({@code gpu_usecount}), with trylocks only, and
 * never waits for a fence. The SPI has no madvise ioctl, so the model's objects stay WILLNEED and
 * the shrinker finds nothing to purge.
 */
@Singleton
final class PanfrostGemShrinker implements Shrinker {
    private final PanfrostDevice pfdev;
    private final Memory memory;

    @Inject
    PanfrostGemShrinker(PanfrostDevice pfdev, Memory memory) {
        this.pfdev = pfdev;
        this.memory = memory;
        // panfrost_gem_shrinker_init(): shrinker_alloc() + shrinker_register()
        memory.registerShrinker(this);
    }

    @Override
    public String name() {
        return "drm-panfrost";
    }

    // panfrost_gem_shrinker_count()
    @Override
    public long count() {
        try (Held lock = pfdev.shrinkerLock.trylock()) {
            if (lock == null) {
                return 0;
            }
            long count = 0;
            for (PanfrostGemObject bo : pfdev.handles.all()) {
                if (bo.purgeable()) {
                    count += bo.pages();
                }
            }
            return count;
        }
    }

    // panfrost_gem_shrinker_scan()
    @Override
    public long scan(long toScan) {
        try (Held lock = pfdev.shrinkerLock.trylock()) {
            if (lock == null) {
                return ShrinkControl.SHRINK_STOP;
            }
            long freed = 0;
            for (PanfrostGemObject bo : pfdev.handles.all()) {
                if (freed >= toScan) {
                    break;
                }
                if (bo.purgeable() && purge(bo)) {
                    freed += bo.pages();
                }
            }
            return freed;
        }
    }

    // panfrost_gem_purge(): busy objects are skipped, locks are only tried
    private boolean purge(PanfrostGemObject bo) {
        if (bo.gpuUseCount > 0) {
            return false;
        }
        // mutex_trylock(&bo->mappings.lock) is not modelled
        if (!bo.resv().trylock()) {
            return false;
        }
        try {
            // panfrost_gem_teardown_mappings_locked(bo); drm_gem_shmem_purge(&bo->base)
            memory.free(bo.pages());
            bo.madv = PanfrostGemObject.Madv.PURGED;
            return true;
        } finally {
            bo.resv().unlock();
        }
    }
}
