package dev.fencecheck.kernel.model;

import dev.fencecheck.api.DriverContext;
import dev.fencecheck.api.kernel.GpuScheduler;
import dev.fencecheck.api.kernel.Kernel;
import dev.fencecheck.api.kernel.SchedulerBackend;

/** What a driver plugin is created with in a model: the model's kernel, during set-up only. */
public final class ModelDriverContext implements DriverContext {
    private final ModelKernel kernel;
    private boolean settingUp = true;

    public ModelDriverContext(ModelKernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public Kernel kernel() {
        return kernel;
    }

    /** drm_sched_init() for one of the driver's rings. */
    @Override
    public GpuScheduler createScheduler(String ring, SchedulerBackend backend, long timeout) {
        if (!settingUp) {
            throw new IllegalStateException("schedulers are created while the driver is created, not at run time");
        }
        ModelScheduler s = ModelScheduler.create(kernel, ring, backend, timeout);
        kernel.registerScheduler(s);
        return s;
    }

    /** Ends set-up: the model's threads are about to run. */
    public void setUpDone() {
        settingUp = false;
    }
}
