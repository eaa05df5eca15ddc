package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.GpuFault;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.exec.ModelThread;
import dev.fencecheck.lockdep.Site;

/**
 * The hardware of one engine, as a modelled thread: it takes jobs from the ring in order, waits
 * for a compute unit if the job needs one, executes the job's steps, and raises the end-of-job
 * interrupt. A userptr access the GPU page tables do not map is a page fault: fatal (the job
 * fails with -EFAULT), or, with recoverable faults, the job stalls on it, holding its compute
 * unit, until the fault worker has handled it, and then replays the access.
 */
final class EngineExecutor {
    /** Faults in a row on one access before the model gives up on the job (a retry storm). */
    private static final int MAX_REPLAYS = 8;

    private enum Outcome { NEXT, REPLAY, ABORT, PREEMPTED, KILLED, STOP }

    private final ModelGpuEngine engine;
    private final ModelKthreads kthreads;
    private final String thread;
    private int replays;

    EngineExecutor(ModelGpuEngine engine, String thread) {
        this.engine = engine;
        this.kthreads = ModelKthreads.of(engine.kernel);
        this.thread = thread;
    }

    void run() {
        Site idle = Site.of(engine.site(), engine.name() + " idle");
        while (kthreads.idleWait(engine, idle, this::hasWork, () -> "work on the ring of " + engine.name())) {
            if (engine.preemptRequested && !engine.preempted) {
                // Preemption of an idle engine (or at the end of a job) completes at once.
                engine.preempted = true;
                engine.preemptRequested = false;
                continue;
            }
            GpuRun run = engine.saved != null ? engine.saved : engine.ring.poll();
            engine.saved = null;
            if (!execute(run)) {
                return;
            }
        }
    }

    private boolean hasWork() {
        return engine.preemptRequested && !engine.preempted
                || !engine.preempted && (engine.saved != null || !engine.ring.isEmpty());
    }

    /** Runs a job until it completes, fails, is preempted or killed; false when the kthread must stop. */
    private boolean execute(GpuRun run) {
        ModelThread t = ModelThread.current();
        engine.current = run;
        if (run.job.needsComputeUnit() && !run.holdsComputeUnit) {
            t.block(engine.computeUnits, engine.name() + ": " + run.job.name() + " waits for a compute unit",
                    engine.site(), () -> engine.computeUnits.available() || run.killed, engine.computeUnits::toString);
            if (run.killed) {
                return true;
            }
            engine.computeUnits.take();
            run.holdsComputeUnit = true;
            // The step above is on the compute units; what follows reads the preemption request
            // and run.killed, which preempt() and reset() write in steps on the engine.
            t.point(engine, engine.name() + ": " + run.job.name() + " starts", engine.site());
        }
        while (run.pc < run.job.steps().size() && !run.killed) {
            if (engine.preemptibleMidJob()) {
                t.point(engine, engine.name() + ": " + run + " preempted", engine.site());
                engine.save(run);
                return true;
            }
            switch (step(t, run)) {
                case NEXT -> {
                    run.pc++;
                    replays = 0;
                }
                case REPLAY -> replays++;
                case ABORT -> {
                    run.error = GpuRun.EFAULT;
                    run.pc = run.job.steps().size();
                }
                case PREEMPTED -> {
                    engine.save(run);
                    return true;
                }
                case KILLED -> {
                    return true;
                }
                case STOP -> {
                    return false;
                }
                default -> throw new IllegalStateException();
            }
        }
        // The job leaves the hardware in a step on the engine, the object reset() and preempt()
        // name: run after the step of its last access (on the page tables, or on nothing), a
        // reset racing with it would count as independent and never find the engine idle.
        t.point(engine, engine.name() + ": " + run.job.name() + " completes", engine.site());
        if (!run.killed) {
            engine.releaseComputeUnit(run);
            engine.current = null;
            engine.gpu.interrupts().raise(run, engine.name());
        }
        return true;
    }

    private Outcome step(ModelThread t, GpuRun run) {
        if (run.fault != GpuRun.Fault.NONE) {
            return awaitFault(t, run);
        }
        GpuStep step = run.job.steps().get(run.pc);
        switch (step.kind()) {
            case USERPTR -> {
                if (engine.gpu.vm().access(thread, engine.name(), run, step.address())) {
                    return Outcome.NEXT;
                }
                return fault(t, run, step.address());
            }
            case HANG -> {
                Site hang = Site.of(engine.site(), engine.name() + ": " + run.job.name() + " hangs");
                if (!kthreads.idleWait(engine, hang, () -> run.killed || engine.preemptibleMidJob(),
                        () -> "a reset of " + engine.name())) {
                    return Outcome.STOP;
                }
                return run.killed ? Outcome.KILLED : Outcome.PREEMPTED;
            }
            default -> {
                // On the engine, not on nothing: the step goes on to read run.killed and the
                // preemption request, which reset() and preempt() write in steps on the engine.
                t.point(engine, engine.name() + ": " + run.job.name() + " step " + run.pc + ": " + step, engine.site());
                return Outcome.NEXT;
            }
        }
    }

    /** A GPU page fault on {@code address}: fatal, or raised to the fault worker while the job stalls. */
    private Outcome fault(ModelThread t, GpuRun run, long address) {
        if (!engine.gpu.config().recoverableFaults() || replays >= MAX_REPLAYS) {
            t.point(engine, engine.name() + ": fatal page fault at 0x" + Long.toHexString(address) + " by "
                    + run.job.name(), engine.site());
            return Outcome.ABORT;
        }
        run.fault = GpuRun.Fault.PENDING;
        run.faultAddress = address;
        engine.gpu.faultWorker().raise(new GpuFault(engine, run.job, address), run, engine);
        return awaitFault(t, run);
    }

    /** The job stalls, keeping its compute unit, until its fault is handled, it is killed, or preempted. */
    private Outcome awaitFault(ModelThread t, GpuRun run) {
        if (run.fault == GpuRun.Fault.PENDING) {
            t.block(engine, engine.name() + ": " + run.job.name() + " stalls on a page fault at 0x"
                            + Long.toHexString(run.faultAddress), engine.site(),
                    () -> run.fault != GpuRun.Fault.PENDING || run.killed || engine.preemptibleWithFault(),
                    () -> "the page fault of " + run.job.name() + " at 0x" + Long.toHexString(run.faultAddress)
                            + " to be handled");
        }
        if (run.killed) {
            return Outcome.KILLED;
        }
        switch (run.fault) {
            case RESOLVED -> {
                run.fault = GpuRun.Fault.NONE;
                return Outcome.REPLAY;
            }
            case CANCELLED -> {
                run.fault = GpuRun.Fault.NONE;
                return Outcome.ABORT;
            }
            default -> {
                return Outcome.PREEMPTED;
            }
        }
    }
}
