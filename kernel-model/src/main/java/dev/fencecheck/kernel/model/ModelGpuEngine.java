package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.Gpu;
import dev.fencecheck.api.kernel.GpuConfig;
import dev.fencecheck.api.kernel.GpuEngine;
import dev.fencecheck.api.kernel.GpuJob;
import dev.fencecheck.exec.ModelThread;
import dev.fencecheck.lockdep.Site;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One engine of a GPU and its ring: the driver writes jobs to the ring, the engine thread
 * ({@link EngineExecutor}) runs them. Preemption and reset are requests the driver makes from its
 * own threads; the engine honours them at the points the hardware allows.
 */
final class ModelGpuEngine implements GpuEngine {
    final ModelGpu gpu;
    final ModelKernel kernel;
    private final String name;
    final ComputeUnits computeUnits;
    /** The ring: jobs written and not yet started. */
    final Deque<GpuRun> ring = new ArrayDeque<>();
    /** The job on the hardware, if any. */
    GpuRun current;
    /** A job taken off the hardware by preemption, resumed first. */
    GpuRun saved;
    boolean preemptRequested;
    boolean preempted;
    EngineExecutor executor;

    ModelGpuEngine(ModelGpu gpu, ModelKernel kernel, String name, ComputeUnits computeUnits) {
        this.gpu = gpu;
        this.kernel = kernel;
        this.name = name;
        this.computeUnits = computeUnits;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Gpu gpu() {
        return gpu;
    }

    String site() {
        return gpu.config().name() + "/" + name;
    }

    @Override
    public void submit(GpuJob job) {
        ModelThread t = ModelThread.current();
        Site s = kernel.site(name + ": write " + job.name() + " to the ring and ring the doorbell");
        t.point(this, s.operation(), s.source());
        ring.add(new GpuRun(job));
    }

    @Override
    public void preempt() {
        GpuConfig.Preemption granularity = gpu.config().preemption();
        if (granularity == GpuConfig.Preemption.NONE) {
            throw new UnsupportedOperationException(gpu.config().name() + " cannot preempt engine " + name);
        }
        ModelThread t = ModelThread.current();
        Site s = kernel.site(name + ": request preemption");
        t.point(this, s.operation(), s.source());
        if (preempted) {
            return;
        }
        preemptRequested = true;
        t.block(this, name + ": wait for preemption", s.source(), () -> preempted,
                () -> "engine " + name + " to leave the hardware" + (current == null ? "" : " (running " + current + ")"));
    }

    /** Whether the running job can be taken off the hardware now (between two of its steps). */
    boolean preemptibleMidJob() {
        return preemptRequested && gpu.config().preemption() == GpuConfig.Preemption.MID_JOB;
    }

    /** Whether a job stalled on a page fault can be taken off the hardware now. */
    boolean preemptibleWithFault() {
        return preemptibleMidJob() && gpu.config().preemptWithFaultPending();
    }

    /** The engine saves the running job and stops: it releases its compute unit. */
    void save(GpuRun run) {
        releaseComputeUnit(run);
        saved = run;
        current = null;
        preempted = true;
        preemptRequested = false;
    }

    @Override
    public void resume() {
        ModelThread t = ModelThread.current();
        Site s = kernel.site(name + ": resume");
        t.point(this, s.operation(), s.source());
        preempted = false;
    }

    @Override
    public List<GpuJob> reset() {
        ModelThread t = ModelThread.current();
        Site s = kernel.site(name + ": engine reset");
        t.point(this, s.operation(), s.source());
        List<GpuJob> dropped = new ArrayList<>();
        for (GpuRun run : new GpuRun[] {current, saved}) {
            if (run != null) {
                run.killed = true;
                releaseComputeUnit(run);
                dropped.add(run.job);
            }
        }
        current = null;
        saved = null;
        for (GpuRun run : ring) {
            dropped.add(run.job);
        }
        ring.clear();
        return dropped;
    }

    void releaseComputeUnit(GpuRun run) {
        if (run.holdsComputeUnit) {
            run.holdsComputeUnit = false;
            computeUnits.give();
        }
    }

    /** The fault worker is done with a fault of {@code run}: replay the access, or cancel the job. */
    void faultHandled(GpuRun run, boolean resolved) {
        ModelThread t = ModelThread.current();
        t.point(this, name + ": page fault of " + run.job.name() + (resolved ? " resolved" : " cancelled"), site());
        if (!run.killed && run.fault == GpuRun.Fault.PENDING) {
            run.fault = resolved ? GpuRun.Fault.RESOLVED : GpuRun.Fault.CANCELLED;
        }
    }

    @Override
    public String toString() {
        return site();
    }
}
