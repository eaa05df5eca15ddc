package dev.fencecheck.drivers.amd.amdgpu;

import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Reservations;
import java.util.ArrayList;
import java.util.List;

/**
 * drm_exec.c: locks a set of reservation objects under one ww acquire context, backing off on
 * -EDEADLK (drm_exec_until_all_locked() / drm_exec_retry_on_contention(): unlock everything,
 * take the contended lock with dma_resv_lock_slow(), start again); duplicates are ignored
 * (DRM_EXEC_IGNORE_DUPLICATES). Closing it is drm_exec_fini(): unlock all, ww_acquire_fini().
 */
public final class DrmExec implements Held {
    private final DmaResv.WwAcquireContext ctx;
    private final List<DmaResv> locked = new ArrayList<>();

    private DrmExec(DmaResv.WwAcquireContext ctx) {
        this.ctx = ctx;
    }

    public static DrmExec lockAll(Reservations reservations, List<DmaResv> objects) {
        DrmExec exec = new DrmExec(reservations.acquireContext());
        exec.lock(objects);
        return exec;
    }

    private void lock(List<DmaResv> objects) {
        DmaResv contended = null;
        retry:
        while (true) {
            if (contended != null) {
                contended.lockSlow(ctx);
                locked.add(contended);
            }
            for (DmaResv obj : objects) {
                if (locked.contains(obj)) {
                    continue;
                }
                int r = obj.lock(ctx);
                if (r == DmaResv.EDEADLK) {
                    unlockAll();
                    contended = obj;
                    continue retry;
                }
                if (r == 0) {
                    locked.add(obj);
                }
            }
            return;
        }
    }

    private void unlockAll() {
        for (int i = locked.size() - 1; i >= 0; i--) {
            locked.get(i).unlock();
        }
        locked.clear();
    }

    @Override
    public void close() {
        unlockAll();
        ctx.close();
    }
}
