package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.GpuJob;

/** A job on an engine: how far it got, what it holds, and the state of its page fault. */
final class GpuRun {
    /** -EFAULT: the error of a job whose page fault was fatal or cancelled. */
    static final int EFAULT = -14;

    enum Fault { NONE, PENDING, RESOLVED, CANCELLED }

    final GpuJob job;
    int pc;
    boolean holdsComputeUnit;
    /** Dropped by an engine reset: it neither completes nor raises an interrupt. */
    boolean killed;
    Fault fault = Fault.NONE;
    long faultAddress;
    int error;

    GpuRun(GpuJob job) {
        this.job = job;
    }

    @Override
    public String toString() {
        return job.name() + (pc < job.steps().size() ? " at step " + pc + " (" + job.steps().get(pc) + ")" : "");
    }
}
