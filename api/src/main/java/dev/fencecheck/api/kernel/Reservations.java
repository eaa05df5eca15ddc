package dev.fencecheck.api.kernel;

/** Creates reservation objects and acquire contexts. */
public interface Reservations {
    /** dma_resv_init(). */
    DmaResv create(String name);

    /** ww_acquire_init(ctx, &reservation_ww_class). */
    DmaResv.WwAcquireContext acquireContext();
}
