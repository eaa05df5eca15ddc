package dev.fencecheck.drivers.armsoc.etnaviv;

import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.drivers.armsoc.drm.DrmSchedJob;
import java.util.List;

/** {@code struct etnaviv_gem_submit} ({@code etnaviv_gem.h}). */
final class EtnavivSubmit extends DrmSchedJob {
    final List<EtnavivGemObject> bos;
    /** The hardware fence etnaviv_gpu_submit() allocated (gpu->event[...].fence). */
    DmaFence gpuFence;

    EtnavivSubmit(String name, GpuContext context, List<GpuStep> steps, List<EtnavivGemObject> bos) {
        super(name, context, steps);
        this.bos = List.copyOf(bos);
    }
}
