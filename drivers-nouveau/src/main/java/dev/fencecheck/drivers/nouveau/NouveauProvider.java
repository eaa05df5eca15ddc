package dev.fencecheck.drivers.nouveau;

import com.google.inject.Guice;
import dev.fencecheck.api.DriverContext;
import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.DriverProvider;
import dev.fencecheck.api.driver.Driver;
import dev.fencecheck.api.kernel.GpuConfig;
import java.util.List;

/** Mainline nouveau on a Pascal GPU, the newest family nouveau enables SVM on. */
public final class NouveauProvider implements DriverProvider {
    /** The driver id. */
    public static final String ID = "nouveau";

    /** The graphics/compute engine: every 3D and compute channel runs on it. */
    public static final String GR = "gr";

    /** The copy engine: user copy channels and the kernel's migration channel. */
    public static final String CE = "ce";

    /**
     * GP100 as nouveau drives it. nouveau_svm.c: nouveau_svm_init() enables SVM only up to
     * Pascal (newer families wait for working channel recovery), and nouveau_dmem.c:
     * nouveau_dmem_init() only from Pascal. One GR engine whose units every channel shares (the
     * hardware runlist timeslices the channels; nothing the driver controls). Replayable faults:
     * nouveau_svmm_init() creates the client VMM with {@code fault_replay = true}. No
     * driver-visible preemption: nouveau has no compute-preemption interface, so nothing can
     * take a job stalled on a fault off the engine either.
     */
    static final GpuConfig GP100 = new GpuConfig("gp100", List.of(GR, CE), 1, true, true,
            GpuConfig.Preemption.NONE, false);

    /**
     * FaultMitigation NONE: SVM channels are ordinary channels whose pushbufs still emit
     * nouveau_fence dma_fences (kernel-reference.md 6: "SVM channels can still emit dma_fences
     * (R14 gap, inference)"), they share the GR engine with every other channel, nouveau cannot
     * preempt a faulting channel, reserves nothing for fenced work and flushes nothing between
     * the two: nothing guarantees forward progress.
     */
    static final DriverDescriptor DESCRIPTOR = DriverDescriptor.of(ID, "NVIDIA", "6.15",
                    "nouveau: legacy pushbuf channels emitting nouveau_fences, SVM with replayable faults"
                            + " (nouveau_svm_fault), a notifier that only clears GPU page tables (PFNCLR),"
                            + " copy-engine migration to VRAM (nouveau_dmem)", GP100)
            .withUserptr(DriverDescriptor.UserptrMode.NOTIFIER_CLEARS_PAGE_TABLES)
            .withFaultMitigation(DriverDescriptor.FaultMitigation.NONE)
            .withPreemptionLatency(0);

    @Override
    public DriverDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Driver create(DriverContext context) {
        NouveauDrm drm = Guice.createInjector(new NouveauModule(context)).getInstance(NouveauDrm.class);
        drm.load();
        return drm;
    }
}
