package dev.fencecheck.drivers.armsoc.panfrost;

import com.google.inject.AbstractModule;

/**
 * panfrost's heap-fault path as of Linux 5.8: the shmem {@code pages_lock} instead of the
 * {@code dma_resv}. Overrides the mainline binding; the rest of the model stays mainline.
 */
final class Panfrost58Module extends AbstractModule {
    @Override
    protected void configure() {
        bind(PanfrostMapFaultAddr.class).to(MapFaultAddrPagesLock.class);
    }
}
