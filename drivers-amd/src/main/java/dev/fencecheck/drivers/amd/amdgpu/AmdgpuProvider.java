package dev.fencecheck.drivers.amd.amdgpu;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import dev.fencecheck.api.DriverContext;
import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.DriverProvider;
import dev.fencecheck.api.driver.Driver;
import dev.fencecheck.api.kernel.GpuConfig;
import dev.fencecheck.drivers.amd.KernelServicesModule;

/**
 * amdgpu, mainline or a historical variant. The hardware is a gfx9 dGPU (Vega 10) as the amdgpu
 * graphics driver runs it by default: graphics, compute and SDMA rings; graphics and compute
 * share the shader engines' compute units; retry page faults off (amdgpu.noretry, and graphics
 * faults are never resolved anyway: amdgpu_vm_handle_fault() returns false for a non-compute
 * VM); no preemption, since mid-command-buffer preemption is off by default (amdgpu_mcbp=0) and
 * without it the driver never preempts a ring.
 */
public final class AmdgpuProvider implements DriverProvider {
    /** The engines of the modelled ASIC: one ring each of the kinds amdgpu schedules. */
    public static final GpuConfig HARDWARE = GpuConfig.of("Vega 10 (gfx9)", "gfx", "compute", "sdma")
            .withComputeUnits(1, true)
            .withRecoverableFaults(false)
            .withPreemption(GpuConfig.Preemption.NONE, false);

    private final AmdgpuVariant variant;

    public AmdgpuProvider(AmdgpuVariant variant) {
        this.variant = variant;
    }

    static DriverDescriptor mainlineDescriptor() {
        AmdgpuVariant m = AmdgpuVariant.MAINLINE;
        return DriverDescriptor.of(m.id(), "AMD", m.kernelVersion(), m.description(), HARDWARE)
                .withUserptr(DriverDescriptor.UserptrMode.NOTIFIER_WAITS_FOR_FENCES)
                .withFaultMitigation(DriverDescriptor.FaultMitigation.NO_RECOVERABLE_FAULTS)
                .withPreemptionLatency(0);
    }

    @Override
    public DriverDescriptor descriptor() {
        DriverDescriptor mainline = mainlineDescriptor();
        if (variant == AmdgpuVariant.MAINLINE) {
            return mainline;
        }
        return mainline.variant(variant.id(), variant.kernelVersion(), variant.description(), variant.reproduces());
    }

    @Override
    public Driver create(DriverContext context) {
        return Guice.createInjector(new KernelServicesModule(context), new AmdgpuModule(variant),
                new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(KfdResetHooks.class).toInstance(KfdResetHooks.NONE);
                    }
                }).getInstance(AmdgpuDriver.class);
    }
}
