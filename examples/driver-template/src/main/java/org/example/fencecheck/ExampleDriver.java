package org.example.fencecheck;

import dev.fencecheck.api.DriverContext;
import dev.fencecheck.api.driver.Driver;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.GpuEngine;
import dev.fencecheck.api.kernel.GpuJob;
import dev.fencecheck.api.kernel.GpuScheduler;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.api.kernel.Job;
import dev.fencecheck.api.kernel.Kernel;
import dev.fencecheck.api.kernel.SchedulerBackend;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal driver, written the way kernel code is. Submission allocates its job before anything
 * is published, reserves the buffers under one ww acquire context, pushes the job to the GPU
 * scheduler and publishes the scheduler's fence in the buffers; run_job, a fence signalling
 * section, only writes the job to the ring; the timeout handler resets the engine.
 */
final class ExampleDriver implements Driver, SchedulerBackend {
    private final Kernel kernel;
    private final GpuScheduler scheduler;
    private final Fences.FenceTimeline ring;
    private final GpuEngine engine;
    private final Map<String, DmaResv> buffers = new HashMap<>();
    private final Map<String, List<GpuStep>> work = new HashMap<>();

    ExampleDriver(DriverContext context) {
        this.kernel = context.kernel();
        this.ring = kernel.fences().timeline("example.gfx");
        this.engine = kernel.gpu().engines().get(0);
        this.scheduler = context.createScheduler("gfx", this, 100);
    }

    @Override
    public GpuContext openContext(String name, String engineName, GpuContext.Kind kind) {
        return new GpuContext(name, engineName, kind);
    }

    @Override
    public DmaFence submit(Submission s) {
        // Like drm_sched_job_init(): allocate while nothing is published yet.
        kernel.memory().alloc(Gfp.GFP_KERNEL, 1);
        List<DmaResv> resvs = s.buffers().stream()
                .map(b -> buffers.computeIfAbsent(b, n -> kernel.reservations().create(n))).toList();
        Job job = Job.of("job." + s.context().name(), s.dependencies().toArray(DmaFence[]::new));
        work.put(job.name(), s.steps());
        try (DmaResv.WwAcquireContext ctx = kernel.reservations().acquireContext()) {
            for (DmaResv r : resvs) {
                r.lock(ctx); // one context, nothing held before: never -EDEADLK here
            }
            ctx.done();
            DmaFence finished = scheduler.submit(job);
            for (DmaResv r : resvs) {
                r.addFence(finished, DmaResv.Usage.WRITE); // published: a signalling section from here
                r.unlock();
            }
            return finished;
        }
    }

    @Override
    public DmaFence runJob(Job job) {
        DmaFence hw = ring.create(); // no allocation that may reclaim in here
        engine.submit(new GpuJob(job.name(), work.get(job.name()), hw, true));
        return hw;
    }

    @Override
    public void timedoutJob(Job job) {
        scheduler.stop(job);
        for (GpuJob dropped : engine.reset()) {
            dropped.fence().signal(GpuScheduler.ECANCELED);
        }
        scheduler.start(0);
    }
}
