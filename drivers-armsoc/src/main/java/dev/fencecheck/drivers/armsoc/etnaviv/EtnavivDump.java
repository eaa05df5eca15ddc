package dev.fencecheck.drivers.armsoc.etnaviv;

import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Memory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * {@code etnaviv_dump.c: etnaviv_core_dump()}: under the submit's MMU context lock, the dump file is
 * allocated with {@code __vmalloc(file_size, GFP_NOWAIT)} (no reclaim; it may fail) and handed to
 * dev_coredumpv(). The model frees it at once.
 */
@SuppressWarnings("try") // lock holds are try-with-resources whose body does not name them
@Singleton
final class EtnavivDump {
    private final EtnavivGpu gpu;
    private final Memory memory;

    @Inject
    EtnavivDump(EtnavivGpu gpu, Memory memory) {
        this.gpu = gpu;
        this.memory = memory;
    }

    void coreDump(EtnavivSubmit submit) {
        try (Held l = gpu.mmuContextLock.lock()) { // mutex_lock(&submit->mmu_context->lock)
            if (memory.alloc(Gfp.GFP_NOWAIT, 1)) {
                memory.free(1);
            }
            // else: dev_warn(gpu->dev, "failed to allocate devcoredump file\n")
        }
    }
}
