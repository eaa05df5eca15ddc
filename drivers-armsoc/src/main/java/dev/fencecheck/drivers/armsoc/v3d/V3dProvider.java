package dev.fencecheck.drivers.armsoc.v3d;

import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.fencecheck.api.DriverContext;
import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.DriverProvider;
import dev.fencecheck.api.driver.Driver;
import dev.fencecheck.api.kernel.GpuConfig;
import dev.fencecheck.drivers.armsoc.drm.KernelServicesModule;

/** v3d, mainline (6.12). */
public final class V3dProvider implements DriverProvider {
    @Override
    public DriverDescriptor descriptor() {
        // Binning, rendering and compute share the QPUs (two jobs at a time in the model); the TFU
        // runs no shaders. No preemption. The binner's out-of-memory interrupt stalls the bin job
        // until the driver hands it more memory, which the model treats as a recoverable fault;
        // MMU faults proper are only reported.
        GpuConfig hw = new GpuConfig("v3d-4.2", V3dQueue.engines(), 2, true, true, GpuConfig.Preemption.NONE, false);
        return DriverDescriptor.of("v3d", "Broadcom (VideoCore, v3d)", "6.12",
                        "v3d: drm_sched per queue with 500 ms timeouts checking CL progress, binner overflow BO"
                                + " (256 KiB, GFP_KERNEL + dma_resv) allocated by v3d_overflow_mem_work while the"
                                + " bin job waits, GFP_KERNEL hw fence in run_job, no preemption, no userptr",
                        hw)
                .withUserptr(DriverDescriptor.UserptrMode.NONE)
                .withFaultMitigation(DriverDescriptor.FaultMitigation.NONE);
    }

    @Override
    public Driver create(DriverContext context) {
        return Guice.createInjector(Stage.PRODUCTION, new KernelServicesModule(context), new V3dModule())
                .getInstance(Driver.class);
    }
}
