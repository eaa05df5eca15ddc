package dev.fencecheck.drivers.armsoc.etnaviv;

import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.fencecheck.api.DriverContext;
import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.DriverProvider;
import dev.fencecheck.api.driver.Driver;
import dev.fencecheck.api.kernel.GpuConfig;
import dev.fencecheck.drivers.armsoc.drm.KernelServicesModule;

/** etnaviv, mainline (6.12). */
public final class EtnavivProvider implements DriverProvider {
    @Override
    public DriverDescriptor descriptor() {
        // One 3D core with its front-end; no preemption; a GPU MMU exception is fatal to the job
        // (the interrupt handler calls drm_sched_fault()).
        GpuConfig hw = GpuConfig.of("gc7000", EtnavivGpu.CORE);
        return DriverDescriptor.of("etnaviv", "Vivante (etnaviv)", "6.12",
                        "etnaviv: drm_sched with a 500 ms timeout that first checks front-end progress,"
                                + " userptr pinned with pin_user_pages_fast(FOLL_LONGTERM) and no notifier,"
                                + " GFP_KERNEL hw fence under gpu->lock in run_job, fatal MMU faults, no preemption",
                        hw)
                .withUserptr(DriverDescriptor.UserptrMode.PINNED)
                .withFaultMitigation(DriverDescriptor.FaultMitigation.NO_RECOVERABLE_FAULTS);
    }

    @Override
    public Driver create(DriverContext context) {
        return Guice.createInjector(Stage.PRODUCTION, new KernelServicesModule(context), new EtnavivModule())
                .getInstance(Driver.class);
    }
}
