package dev.fencecheck.drivers.armsoc.msm;

import com.google.inject.Guice;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.util.Modules;
import dev.fencecheck.api.DriverContext;
import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.DriverProvider;
import dev.fencecheck.api.driver.Driver;
import dev.fencecheck.api.kernel.GpuConfig;
import dev.fencecheck.drivers.armsoc.drm.KernelServicesModule;

/** msm with an Adreno 530: mainline (6.12), and the historical variant msm@6.1. */
public final class MsmProvider implements DriverProvider {
    private final DriverDescriptor descriptor;
    private final Module module;

    private MsmProvider(DriverDescriptor descriptor, Module module) {
        this.descriptor = descriptor;
        this.module = module;
    }

    private static DriverDescriptor mainlineDescriptor() {
        // Four rings, one CP: a ring runs only while the CP executes it (one shared compute unit);
        // ring preemption at preemption points inside the IBs (CP_PREEMPT_ENABLE_LOCAL); SMMU
        // faults are reported (devcoredump, optional stall-on-fault for debugging), never resolved.
        GpuConfig hw = new GpuConfig("adreno-a530", MsmDevice.rings(), 1, true, false, GpuConfig.Preemption.MID_JOB,
                false);
        return DriverDescriptor.of("msm", "Qualcomm (Adreno, msm)", "6.12",
                        "msm/a5xx: drm_sched per priority ring, a5xx ring preemption, msm hangcheck and"
                                + " replay recovery, hw fence pre-allocated at submit, shrinker waits up to 1000"
                                + " jiffies for active objects, faults reported not resolved, no userptr",
                        hw)
                .withPreemptionLatency(A5xxPreempt.PREEMPT_TIMEOUT)
                .withUserptr(DriverDescriptor.UserptrMode.NONE)
                .withFaultMitigation(DriverDescriptor.FaultMitigation.NO_RECOVERABLE_FAULTS);
    }

    /** msm, mainline. */
    public static MsmProvider mainline() {
        return new MsmProvider(mainlineDescriptor(), new MsmModule());
    }

    /** msm@6.1: the job_run and runtime-PM behaviour of Linux 6.1 (violation V16). */
    public static MsmProvider v61() {
        DriverDescriptor d = mainlineDescriptor().variant("msm@6.1", "6.1",
                "msm/a5xx as of 6.1: job_run allocates the hw fence (GFP_KERNEL), takes each object's dma_resv,"
                        + " and resumes the GPU through devfreq/PM-QoS locks that probe holds around allocations",
                "V16: Rob Clark, \"drm/msm+PM+icc: Make job_run() reclaim-safe\" (2023,"
                        + " ML:<20230320144356.803762-1-robdclark@gmail.com>): \"drm/msm: Pre-allocate hw_fence\","
                        + " \"drm/msm/gem: Avoid obj lock in job_run()\", \"PM / devfreq: Drop unneed locking to"
                        + " appease lockdep\", \"PM / QoS: Fix constraints alloc vs reclaim locking\","
                        + " \"drm/msm/gpu: Move BO allocation out of hw_init\"");
        return new MsmProvider(d, Modules.override(new MsmModule()).with(new Msm61Module()));
    }

    @Override
    public DriverDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Driver create(DriverContext context) {
        return Guice.createInjector(Stage.PRODUCTION, new KernelServicesModule(context), module)
                .getInstance(Driver.class);
    }
}
