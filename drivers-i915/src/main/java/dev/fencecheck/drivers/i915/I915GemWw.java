package dev.fencecheck.drivers.i915;

import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.Reservations;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct i915_gem_ww_ctx} ({@code gem/i915_gem_ww.c}): a ww acquire context over the
 * objects of one execbuf, with the -EDEADLK back-off (i915_gem_ww_ctx_backoff(): unlock
 * everything, dma_resv_lock_slow() the contended object, retry).
 */
final class I915GemWw implements AutoCloseable {
    private final DmaResv.WwAcquireContext ctx;
    private final List<DmaResv> locked = new ArrayList<>();

    /** i915_gem_ww_ctx_init(). */
    I915GemWw(Reservations reservations) {
        this.ctx = reservations.acquireContext();
    }

    /** i915_gem_object_lock(obj, ww) for each object, backing off and retrying on -EDEADLK. */
    void lockAll(List<I915GemObject> objects) {
        while (true) {
            DmaResv contended = null;
            for (I915GemObject obj : objects) {
                int ret = obj.resv.lock(ctx);
                if (ret == DmaResv.EALREADY) {
                    continue;
                }
                if (ret == DmaResv.EDEADLK) {
                    contended = obj.resv;
                    break;
                }
                locked.add(obj.resv);
            }
            if (contended == null) {
                return;
            }
            // i915_gem_ww_ctx_backoff()
            unlockAll();
            contended.lockSlow(ctx);
            locked.add(contended);
        }
    }

    /** ww_acquire_done(). */
    void done() {
        ctx.done();
    }

    /** i915_gem_ww_unlock_single() of every locked object. */
    void unlockAll() {
        for (DmaResv resv : locked) {
            resv.unlock();
        }
        locked.clear();
    }

    /** i915_gem_ww_ctx_fini(). */
    @Override
    public void close() {
        unlockAll();
        ctx.close();
    }
}
