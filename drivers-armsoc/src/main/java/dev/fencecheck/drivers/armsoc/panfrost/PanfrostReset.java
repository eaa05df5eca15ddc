package dev.fencecheck.drivers.armsoc.panfrost;

import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.GpuJob;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Job;
import dev.fencecheck.drivers.armsoc.drm.Errno;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

/**
 * {@code panfrost_job.c: panfrost_reset()}: stop every slot's scheduler, soft-stop and reset the
 * GPU, and restart the schedulers.
 */
@SuppressWarnings("try") // lock holds are try-with-resources whose body does not name them
@Singleton
final class PanfrostReset {
    private final PanfrostDevice pfdev;
    private final Provider<PanfrostJobSlots> slots;
    private final Fences fences;

    @Inject
    PanfrostReset(PanfrostDevice pfdev, Provider<PanfrostJobSlots> slots, Fences fences) {
        this.pfdev = pfdev;
        this.slots = slots;
        this.fences = fences;
    }

    void reset(Job bad) {
        if (!pfdev.resetPending) {
            return;
        }
        PanfrostJobSlots js = slots.get();
        // "FIXME: We temporarily get out of the dma_fence_signalling section because the cleanup
        // path generate lockdep splats": drm_sched_stop() runs before dma_fence_begin_signalling()
        // (here it still runs inside the timeout work's own section).
        for (int i = 0; i < js.count(); i++) {
            js.sched(i).stop(bad);
        }
        try (Held cookie = fences.beginSignalling()) {
            // Mask job interrupts, soft-stop the running jobs, handle the remaining interrupts,
            // then panfrost_device_reset(): every slot's hardware state is dropped.
            for (int i = 0; i < js.count(); i++) {
                for (GpuJob dropped : pfdev.engine(i).reset()) {
                    if (dropped.fence() != null) {
                        dropped.fence().signal(Errno.ECANCELED);
                    }
                }
            }
            pfdev.resetPending = false;
        }
        // drm_sched_resubmit_jobs() (between the two sections, because "the job submission logic
        // will allocate memory with the GFP_KERNEL flag") is not modelled: the model's scheduler
        // cannot resubmit, so drm_sched_start() completes the stopped jobs with -ECANCELED.
        try (Held cookie = fences.beginSignalling()) {
            for (int i = 0; i < js.count(); i++) {
                js.sched(i).start(0);
            }
        }
    }
}
