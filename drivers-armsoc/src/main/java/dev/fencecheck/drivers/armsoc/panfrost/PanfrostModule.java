package dev.fencecheck.drivers.armsoc.panfrost;

import com.google.inject.AbstractModule;
import dev.fencecheck.api.driver.Driver;

/** The parts of the mainline panfrost model; the kernel services come from a KernelServicesModule. */
class PanfrostModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(Driver.class).to(PanfrostDriver.class);
        bind(PanfrostMapFaultAddr.class).to(MapFaultAddrResv.class);
    }
}
