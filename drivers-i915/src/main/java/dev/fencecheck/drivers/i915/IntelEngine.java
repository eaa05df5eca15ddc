package dev.fencecheck.drivers.i915;

import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.GpuEngine;
import dev.fencecheck.api.kernel.GpuScheduler;
import dev.fencecheck.api.kernel.SpinLock;

/**
 * {@code struct intel_engine_cs} ({@code gt/intel_engine_cs.c}): the hardware engine, its
 * {@code sched_engine->lock}, the breadcrumbs its requests end with, and the scheduler that
 * stands for i915's scheduler and submission tasklet on it.
 */
final class IntelEngine {
    private final GpuEngine hardware;
    private final SpinLock schedLock;
    private final Fences.FenceTimeline breadcrumbs;
    private GpuScheduler scheduler;

    IntelEngine(GpuEngine hardware, SpinLock schedLock, Fences.FenceTimeline breadcrumbs) {
        this.hardware = hardware;
        this.schedLock = schedLock;
        this.breadcrumbs = breadcrumbs;
    }

    String name() {
        return hardware.name();
    }

    GpuEngine hardware() {
        return hardware;
    }

    /** engine->sched_engine->lock. */
    SpinLock schedLock() {
        return schedLock;
    }

    Fences.FenceTimeline breadcrumbs() {
        return breadcrumbs;
    }

    GpuScheduler scheduler() {
        return scheduler;
    }

    void setScheduler(GpuScheduler scheduler) {
        this.scheduler = scheduler;
    }
}
