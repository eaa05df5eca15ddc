package dev.fencecheck.drivers.armsoc.etnaviv;

import com.google.inject.AbstractModule;
import dev.fencecheck.api.driver.Driver;

/** The parts of the etnaviv model; the kernel services come from a KernelServicesModule. */
final class EtnavivModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(Driver.class).to(EtnavivDriver.class);
    }
}
