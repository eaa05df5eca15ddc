package dev.fencecheck.drivers.armsoc.msm;

import com.google.inject.AbstractModule;
import dev.fencecheck.api.driver.Driver;

/** The parts of the mainline msm model; the kernel services come from a KernelServicesModule. */
class MsmModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(Driver.class).to(MsmDriver.class);
        bind(MsmHwFence.class).to(PreallocatedHwFence.class);
        bind(MsmJobRun.class).to(MsmJobRunMainline.class);
        bind(MsmPm.class).to(MsmPmMainline.class);
    }
}
