package dev.fencecheck.drivers.armsoc.panfrost;

import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Memory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * {@code panfrost_dump.c: panfrost_core_dump()}, called from the timeout handler: the devcoredump
 * file is allocated with {@code __vmalloc(file_size, GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY)}, a
 * reclaiming allocation in the recovery path of a fence. It is handed to dev_coredumpv(), which
 * frees it when userspace reads it or after a timeout; the model frees it at once.
 */
@Singleton
final class PanfrostDump {
    private final Memory memory;

    @Inject
    PanfrostDump(Memory memory) {
        this.memory = memory;
    }

    void coreDump(PanfrostJob job) {
        if (memory.alloc(Gfp.GFP_KERNEL, 1)) {
            memory.free(1);
        }
        // else: dev_warn(pfdev->dev, "failed to allocate devcoredump file\n")
    }
}
