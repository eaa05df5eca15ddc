package dev.fencecheck.drivers.amd.amdkfd;

import com.google.inject.Guice;
import dev.fencecheck.api.DriverContext;
import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.DriverProvider;
import dev.fencecheck.api.driver.Driver;
import dev.fencecheck.api.kernel.GpuConfig;
import dev.fencecheck.drivers.amd.KernelServicesModule;

/**
 * amdkfd on a gfx9 dGPU with retry faults enabled (Vega 20, amdgpu.noretry=0, as XNACK needs).
 * Graphics and compute share the compute units; user queues are preempted mid-job by CWSR, also
 * with a page fault pending: kfd_process.c: kfd_process_xnack_mode() refuses XNACK on GFX10 and
 * later precisely because those "do not support shader preemption during page faults". Faults of
 * XNACK-on processes are resolved (svm_range_restore_pages()), those of XNACK-off processes trap.
 */
public final class AmdkfdProvider implements DriverProvider {
    public static final GpuConfig HARDWARE = GpuConfig.of("Vega 20 (gfx9, noretry=0)", "gfx", "compute", "sdma")
            .withComputeUnits(1, true)
            .withRecoverableFaults(true)
            .withPreemption(GpuConfig.Preemption.MID_JOB, true);

    /** CWSR takes the waves off at the next instruction boundary: one model step. */
    static final long PREEMPTION_LATENCY = 1;

    @Override
    public DriverDescriptor descriptor() {
        return DriverDescriptor.of("amdkfd", "AMD", "6.18",
                        "amdkfd compute: user queues (LONG_RUNNING: XNACK off, FAULTING: XNACK on) preempted by "
                                + "CWSR, eviction fences as preempt fences, userptr and SVM notifiers that evict "
                                + "queues or unmap ranges, SVM retry faults; graphics contexts through amdgpu",
                        HARDWARE)
                .withUserptr(DriverDescriptor.UserptrMode.NOTIFIER_PREEMPTS_QUEUES)
                .withFaultMitigation(DriverDescriptor.FaultMitigation.PREEMPT_WITH_FAULT_PENDING)
                .withPreemptionLatency(PREEMPTION_LATENCY);
    }

    @Override
    public Driver create(DriverContext context) {
        return Guice.createInjector(new KernelServicesModule(context), new AmdkfdModule())
                .getInstance(AmdkfdDriver.class);
    }
}
