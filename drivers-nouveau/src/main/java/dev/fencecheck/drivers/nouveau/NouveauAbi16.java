package dev.fencecheck.drivers.nouveau;

import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.Gpu;
import dev.fencecheck.api.kernel.Locks;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * nouveau_abi16.c: the client's channels ({@code abi16->channels}) and the channel-alloc ioctl.
 */
@Singleton
final class NouveauAbi16 {
    private final Gpu gpu;
    private final Fences fences;
    private final Locks locks;
    private final NouveauSvmm svmm;
    private final Map<String, NouveauChannel> channels = new LinkedHashMap<>();

    @Inject
    NouveauAbi16(Gpu gpu, Fences fences, Locks locks, NouveauSvmm svmm) {
        this.gpu = gpu;
        this.fences = fences;
        this.locks = locks;
        this.svmm = svmm;
    }

    /**
     * nouveau_abi16_ioctl_channel_alloc() -> nouveau_channel_new(): a channel on the client's
     * VMM, which is the SVM VMM since the client ran NOUVEAU_SVM_INIT (see {@link NouveauDrm#load}),
     * so every user channel joins the svmm (nouveau_svmm_join()) and its faults are replayable,
     * whatever the context kind: nouveau has no long-running or fault-only channel type. The
     * channel's creation happens before it has any fence; its allocations and its
     * {@code svm->mutex} section are not modelled, so that contexts may be opened at set-up.
     */
    NouveauChannel channelAlloc(GpuContext context) {
        if (channels.containsKey(context.name())) {
            throw new IllegalArgumentException("-EEXIST: channel " + context.name() + " already exists");
        }
        NouveauChannel chan = NouveauChannel.create(fences, locks, gpu.engine(context.engine()), context.name(),
                context, svmm.initialised() ? svmm : null);
        channels.put(context.name(), chan);
        return chan;
    }

    /** nouveau_gem_ioctl_pushbuf(): the channel of {@code req->channel}, -ENOENT if none. */
    NouveauChannel channel(GpuContext context) {
        NouveauChannel chan = channels.get(context.name());
        if (chan == null) {
            throw new IllegalArgumentException("-ENOENT: no channel " + context.name());
        }
        return chan;
    }
}
