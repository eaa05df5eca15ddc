package dev.fencecheck.drivers.amd.amdgpu;

import com.google.inject.AbstractModule;

/**
 * The parts of amdgpu and, per variant, the one behaviour that differs from mainline: the
 * hardware fence's memory (V1), the VMID grab's allocations (V2/V3), how the commit tail reads
 * tiling flags (V6), and the display's part in GPU recovery (V10). The kernel services come from
 * {@link dev.fencecheck.drivers.amd.KernelServicesModule}; {@link KfdResetHooks} from the
 * driver (none for amdgpu alone).
 */
public final class AmdgpuModule extends AbstractModule {
    private final AmdgpuVariant variant;

    public AmdgpuModule(AmdgpuVariant variant) {
        this.variant = variant;
    }

    @Override
    protected void configure() {
        bind(AmdgpuVariant.class).toInstance(variant);
        bind(AmdgpuFenceEmit.class).to(variant == AmdgpuVariant.FENCE_EMIT_5_8
                ? SlabHwFence58.class : EmbeddedHwFence.class);
        bind(VmidAllocations.class).to(variant == AmdgpuVariant.VMID_5_8
                ? VmidAllocations58.class : VmidAllocationsMainline.class);
        bind(DmPlaneTiling.class).to(variant == AmdgpuVariant.DC_5_8
                ? ReservedBoTiling58.class : FramebufferTiling.class);
        bind(DmReset.class).to(variant == AmdgpuVariant.TDR_5_8
                ? AtomicHelperReset58.class : CachedDcStateReset.class);
    }
}
