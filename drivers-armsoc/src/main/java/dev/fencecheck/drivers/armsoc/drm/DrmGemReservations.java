package dev.fencecheck.drivers.armsoc.drm;

import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.Reservations;
import java.util.List;

/**
 * {@code drm_gem.c}: {@code drm_gem_lock_reservations()} and {@code drm_gem_unlock_reservations()}:
 * all the objects' reservations under one ww acquire context, backing off on -EDEADLK.
 */
public final class DrmGemReservations {
    private DrmGemReservations() {
    }

    /** drm_gem_lock_reservations(): returns the acquire context, every reservation held. */
    public static DmaResv.WwAcquireContext lock(Reservations reservations, List<? extends GemObject> objs) {
        return lock(reservations.acquireContext(), objs);
    }

    /**
     * The same under an acquire context the caller initialised earlier (etnaviv's
     * submit_lock_objects() uses the ticket of its ioctl).
     */
    public static DmaResv.WwAcquireContext lock(DmaResv.WwAcquireContext ctx, List<? extends GemObject> objs) {
        int contended = -1;
        retry:
        while (true) {
            if (contended != -1) {
                objs.get(contended).resv().lockSlow(ctx);
            }
            for (int i = 0; i < objs.size(); i++) {
                if (i == contended) {
                    continue;
                }
                int ret = objs.get(i).resv().lock(ctx);
                if (ret != 0) {
                    for (int j = 0; j < i; j++) {
                        objs.get(j).resv().unlock();
                    }
                    if (contended != -1 && contended >= i) {
                        objs.get(contended).resv().unlock();
                    }
                    if (ret == DmaResv.EDEADLK) {
                        contended = i;
                        continue retry;
                    }
                    ctx.close();
                    throw new IllegalStateException("drm_gem_lock_reservations: " + ret + " on " + objs.get(i));
                }
            }
            break;
        }
        ctx.done();
        return ctx;
    }

    /** drm_gem_unlock_reservations(). */
    public static void unlock(List<? extends GemObject> objs, DmaResv.WwAcquireContext ctx) {
        for (GemObject obj : objs) {
            obj.resv().unlock();
        }
        ctx.close();
    }
}
