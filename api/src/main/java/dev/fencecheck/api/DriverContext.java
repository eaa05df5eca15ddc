package dev.fencecheck.api;

import dev.fencecheck.api.kernel.GpuScheduler;
import dev.fencecheck.api.kernel.Kernel;
import dev.fencecheck.api.kernel.SchedulerBackend;

/** What a driver is given when it is created: the kernel's services and its GPU. */
public interface DriverContext {
    /** The kernel services: locks, fences, reservations, memory, mm, the GPU. */
    Kernel kernel();

    /**
     * drm_sched_init(): a GPU scheduler for one ring with the driver's backend and a job timeout
     * in model ticks ({@link GpuScheduler#NO_TIMEOUT} for none). Only during
     * {@link DriverProvider#create}, since the scheduler runs a kernel thread of its own.
     */
    GpuScheduler createScheduler(String ring, SchedulerBackend backend, long timeout);
}
