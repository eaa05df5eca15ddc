package dev.fencecheck.drivers.armsoc.lima;

import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.fencecheck.api.DriverContext;
import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.DriverProvider;
import dev.fencecheck.api.driver.Driver;
import dev.fencecheck.api.kernel.GpuConfig;
import dev.fencecheck.drivers.armsoc.drm.KernelServicesModule;

/** lima, mainline (6.12). */
public final class LimaProvider implements DriverProvider {
    @Override
    public DriverDescriptor descriptor() {
        // GP and PP are separate processors; no preemption; the PLBU's out-of-heap interrupt stalls
        // the GP task until the recover work grows the heap, which the model treats as a recoverable
        // fault. MMU faults proper end the task.
        GpuConfig hw = new GpuConfig("mali-450", LimaPipe.engines(), 1, false, true, GpuConfig.Preemption.NONE, false);
        return DriverDescriptor.of("lima", "Arm (Mali Utgard, lima)", "6.12",
                        "lima: drm_sched per pipe with a 10 s timeout, heap growth on PLBU out-of-memory in"
                                + " lima_sched_recover_work (dma_resv_lock + GFP_KERNEL), GFP_KERNEL hw fence in"
                                + " run_job, no preemption, no userptr",
                        hw)
                .withUserptr(DriverDescriptor.UserptrMode.NONE)
                .withFaultMitigation(DriverDescriptor.FaultMitigation.NONE);
    }

    @Override
    public Driver create(DriverContext context) {
        return Guice.createInjector(Stage.PRODUCTION, new KernelServicesModule(context), new LimaModule())
                .getInstance(Driver.class);
    }
}
