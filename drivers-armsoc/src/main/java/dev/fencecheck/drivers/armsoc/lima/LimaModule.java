package dev.fencecheck.drivers.armsoc.lima;

import com.google.inject.AbstractModule;
import dev.fencecheck.api.driver.Driver;

/** The parts of the lima model; the kernel services come from a KernelServicesModule. */
final class LimaModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(Driver.class).to(LimaDriver.class);
    }
}
