package dev.fencecheck.drivers.nouveau;

import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.GpuEngine;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.SpinLock;

/**
 * nouveau_chan.c: {@code struct nouveau_channel} with its fence context
 * ({@code struct nouveau_fence_chan}, nouveau_fence.c). A channel has a ring of its own on one
 * engine; in the model every channel of an engine shares the engine's one ring, so the hardware
 * runlist's timeslicing between them is not modelled.
 */
final class NouveauChannel {
    private final String name;
    private final GpuEngine engine;
    private final GpuContext context;
    private final Fences.FenceTimeline timeline;
    private final SpinLock fenceLock;
    private final NouveauSvmm svmm;

    private NouveauChannel(String name, GpuEngine engine, GpuContext context, Fences.FenceTimeline timeline,
                           SpinLock fenceLock, NouveauSvmm svmm) {
        this.name = name;
        this.engine = engine;
        this.context = context;
        this.timeline = timeline;
        this.fenceLock = fenceLock;
        this.svmm = svmm;
    }

    /**
     * nouveau_channel_new() and nouveau_fence_context_new(): a fence context per channel
     * ({@code fctx->context}) with its spinlock {@code fctx->lock}. A channel of a client that
     * ran NOUVEAU_SVM_INIT uses the SVM VMM and is linked to its svmm (nouveau_svmm_join()).
     *
     * @param context null for the kernel's own channels (the copy-engine channel)
     * @param svmm    null for channels outside an SVM VMM
     */
    static NouveauChannel create(Fences fences, Locks locks, GpuEngine engine, String name, GpuContext context,
                                 NouveauSvmm svmm) {
        return new NouveauChannel(name, engine, context, fences.timeline("nouveau/" + name),
                locks.spinlock("nouveau_fence_chan.lock"), svmm);
    }

    String name() {
        return name;
    }

    GpuEngine engine() {
        return engine;
    }

    GpuContext context() {
        return context;
    }

    Fences.FenceTimeline timeline() {
        return timeline;
    }

    SpinLock fenceLock() {
        return fenceLock;
    }

    /** The svmm the channel's instance is joined to (nouveau_ivmm_find()), or null. */
    NouveauSvmm svmm() {
        return svmm;
    }

    /** Copy engines have no SMs: their work never waits for the GR units. */
    boolean needsComputeUnit() {
        return !NouveauProvider.CE.equals(engine.name());
    }

    @Override
    public String toString() {
        return name;
    }
}
