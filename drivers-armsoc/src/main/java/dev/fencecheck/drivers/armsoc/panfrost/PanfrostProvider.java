package dev.fencecheck.drivers.armsoc.panfrost;

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

/** panfrost: mainline (6.12), and panfrost@5.8, the 5.8 locking of its heap-fault path. */
public final class PanfrostProvider implements DriverProvider {
    private final DriverDescriptor descriptor;
    private final Module module;

    private PanfrostProvider(DriverDescriptor descriptor, Module module) {
        this.descriptor = descriptor;
        this.module = module;
    }

    private static DriverDescriptor mainlineDescriptor() {
        // Job slots JS1 (vertex/tiler/compute) and JS0 (fragment) share the shader cores (the job
        // affinity is "all cores for now"); a job cannot be preempted (soft-stop only for reset);
        // a translation fault stalls the job until the MMU interrupt thread handles it, and is
        // resolved only for heap objects. No FAULTING contexts exist to mitigate anything for.
        GpuConfig hw = new GpuConfig("mali-g52", PanfrostDevice.SLOTS, 2, true, true, GpuConfig.Preemption.NONE,
                false);
        return DriverDescriptor.of("panfrost", "Arm (Mali, panfrost)", "6.12",
                        "panfrost: drm_sched per job slot with a 500 ms timeout and full reset, tiler-heap growth"
                                + " in the MMU fault thread (dma_resv_lock + GFP_KERNEL), GFP_KERNEL hw fence in"
                                + " run_job, shrinker purges idle DONTNEED objects only, no userptr, no preemption",
                        hw)
                .withUserptr(DriverDescriptor.UserptrMode.NONE)
                .withFaultMitigation(DriverDescriptor.FaultMitigation.NONE);
    }

    /** panfrost, mainline. */
    public static PanfrostProvider mainline() {
        return new PanfrostProvider(mainlineDescriptor(), new PanfrostModule());
    }

    /** panfrost@5.8: panfrost_mmu_map_fault_addr() under the shmem pages_lock. */
    public static PanfrostProvider v58() {
        DriverDescriptor d = mainlineDescriptor().variant("panfrost@5.8", "5.8",
                "panfrost's heap-fault path as of 5.8: the 2 MiB of shmem pages read under bo->base.pages_lock,"
                        + " the lock drm_gem_shmem_get_pages() allocates under (the other paths as mainline)",
                "panfrost_mmu_map_fault_addr() before \"drm/shmem-helper: Switch to reservation lock\" (Dmitry"
                        + " Osipenko, v6.5), which replaced mutex_lock(&bo->base.pages_lock) with"
                        + " dma_resv_lock(obj->resv, NULL)");
        return new PanfrostProvider(d, Modules.override(new PanfrostModule()).with(new Panfrost58Module()));
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
