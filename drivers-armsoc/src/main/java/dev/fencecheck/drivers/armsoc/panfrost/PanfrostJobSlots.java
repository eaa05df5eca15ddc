package dev.fencecheck.drivers.armsoc.panfrost;

import dev.fencecheck.api.DriverContext;
import dev.fencecheck.api.kernel.GpuScheduler;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * {@code panfrost_job.c: panfrost_job_init()}: one drm_sched per job slot with
 * {@code msecs_to_jiffies(JOB_TIMEOUT_MS)} (500 ms) as timeout and {@code panfrost_sched_ops}.
 */
@Singleton
final class PanfrostJobSlots {
    /** panfrost_job.c: JOB_TIMEOUT_MS, in model ticks (jiffies at HZ=1000). */
    static final long JOB_TIMEOUT = 500;

    private final GpuScheduler[] scheds = new GpuScheduler[2];

    @Inject
    PanfrostJobSlots(DriverContext context, PanfrostSchedOps ops) {
        for (String js : PanfrostDevice.SLOTS) {
            scheds[PanfrostDevice.slot(js)] = context.createScheduler(js, ops, JOB_TIMEOUT);
        }
    }

    GpuScheduler sched(int slot) {
        return scheds[slot];
    }

    int count() {
        return scheds.length;
    }
}
