package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.Reservations;
import dev.fencecheck.exec.ModelThread;
import dev.fencecheck.kernel.KernelLockdep;
import dev.fencecheck.kernel.WwAcquireContext;
import dev.fencecheck.lockdep.Site;

/**
 * The reservation service of a model: dma_resv objects, whose locks all have lockdep class
 * dma_resv, and acquire contexts of reservation_ww_class, stamped in ww_acquire_init() order.
 */
public final class ModelReservations implements Reservations {
    private static final ModelObjectKey WW_CLASS = new ModelObjectKey("reservation_ww_class", 0, -1);
    private static final ModelObjectKey RESV_SERIALS = new ModelObjectKey("dma_resv serials", 0, -1);
    private final ModelKernel kernel;
    // ww_mutex.h: struct ww_class's stamp counter.
    private long lastStamp;
    private long resvs;

    public ModelReservations(ModelKernel kernel) {
        this.kernel = kernel;
    }

    /** dma-resv.c: dma_resv_init(): ww_mutex_init(&obj->lock, &reservation_ww_class). */
    @Override
    public DmaResv create(String name) {
        // creating resvs in another order gives them other serials: the counter is shared
        ModelFences.setupPoint(kernel, RESV_SERIALS, "dma_resv_init(" + name + ")");
        KernelLockdep lockdep = kernel.lockdep();
        return new ModelDmaResv(kernel, name, resvs++,
                lockdep.validator().newLock(name, lockdep.reservationClass(), false, true));
    }

    /** ww_mutex.h: ww_acquire_init(ctx, &reservation_ww_class): the next stamp, and lockdep's two maps. */
    @Override
    public DmaResv.WwAcquireContext acquireContext() {
        ModelThread t = ModelThread.current();
        Site s = kernel.site("ww_acquire_init(&ctx, &reservation_ww_class)");
        t.point(WW_CLASS, s.operation(), s.source());
        long stamp = ++lastStamp;
        KernelLockdep lockdep = kernel.lockdep();
        WwAcquireContext ctx = lockdep.newAcquireContext("ctx" + stamp, lockdep.reservationClass());
        lockdep.wwAcquireInit(kernel.kernelThread(t), ctx, s);
        return new ModelWwAcquireContext(kernel, t, stamp, ctx);
    }
}
