package dev.fencecheck.drivers.nouveau;

import dev.fencecheck.api.driver.Driver;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Preemption;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuFaultHandler;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * nouveau_drm.c: the device and the ioctls the model drives, for one client (the modelled
 * process), which has enabled SVM.
 */
@Singleton
final class NouveauDrm implements Driver {
    private final NouveauAbi16 abi16;
    private final NouveauGem gem;
    private final NouveauSvm svm;
    private final NouveauSvmm svmm;
    private final NouveauDmem dmem;

    @Inject
    NouveauDrm(NouveauAbi16 abi16, NouveauGem gem, NouveauSvm svm, NouveauSvmm svmm, NouveauDmem dmem) {
        this.abi16 = abi16;
        this.gem = gem;
        this.svm = svm;
        this.svmm = svmm;
        this.dmem = dmem;
    }

    /**
     * nouveau_drm_device_init(): nouveau_svm_init() (the fault buffer and its handler) and
     * nouveau_dmem_init() (the migration channel); then the client's NOUVEAU_SVM_INIT
     * (nouveau_svmm_init()), before it opens any channel.
     */
    void load() {
        svm.init();
        dmem.init();
        svmm.init();
    }

    /** NOUVEAU_CHANNEL_ALLOC. */
    @Override
    public GpuContext openContext(String name, String engine, GpuContext.Kind kind) {
        GpuContext context = new GpuContext(name, engine, kind);
        abi16.channelAlloc(context);
        return context;
    }

    /**
     * DRM_NOUVEAU_GEM_PUSHBUF: every submission gets a nouveau_fence, whatever the context's
     * kind; nouveau has no way to submit without one. Userptr ranges need nothing at
     * submission: the GPU reaches them through SVM and faults them in. Null when the ioctl fails.
     */
    @Override
    public DmaFence submit(Submission submission) {
        return gem.pushbuf(abi16.channel(submission.context()), submission);
    }

    /**
     * nouveau has no userptr object: an SVM client's whole address space is mirrored. What
     * userspace does to put a range to GPU use is NOUVEAU_SVM_BIND (migrate to VRAM); an ioctl,
     * so it runs in a modelled thread.
     */
    @Override
    public void createUserptr(String buffer, Submission.UserptrRange range) {
        svm.bind(range.start(), range.start() + range.length());
    }

    /**
     * No driver-visible preemption: channels are timesliced by the hardware runlist, and
     * nouveau has neither a preempt request nor preempt fences.
     */
    @Override
    public Preemption preemption() {
        return Preemption.NONE;
    }

    /** The device memory manager, for tests. */
    NouveauDmem dmem() {
        return dmem;
    }

    /** nouveau_svm_fault(). */
    @Override
    public GpuFaultHandler faultHandler() {
        return svm;
    }
}
