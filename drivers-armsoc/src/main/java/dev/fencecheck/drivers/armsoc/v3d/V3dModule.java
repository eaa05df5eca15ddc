package dev.fencecheck.drivers.armsoc.v3d;

import com.google.inject.AbstractModule;
import dev.fencecheck.api.driver.Driver;

/** The parts of the v3d model; the kernel services come from a KernelServicesModule. */
final class V3dModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(Driver.class).to(V3dDriver.class);
    }
}
