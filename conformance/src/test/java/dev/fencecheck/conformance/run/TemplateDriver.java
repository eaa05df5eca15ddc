package dev.fencecheck.conformance.run;

import dev.fencecheck.api.DriverContext;
import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.DriverProvider;
import dev.fencecheck.api.driver.Driver;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Preemption;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.GpuConfig;
import dev.fencecheck.api.kernel.GpuEngine;
import dev.fencecheck.api.kernel.GpuJob;
import dev.fencecheck.api.kernel.GpuScheduler;
import dev.fencecheck.api.kernel.Job;
import dev.fencecheck.api.kernel.Kernel;
import dev.fencecheck.api.kernel.SchedulerBackend;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small drm_sched driver used to test the suite itself: reserve the buffers, push the job,
 * publish its fence, and let run_job put it on the ring. {@code allocInRunJob} makes it allocate
 * with GFP_KERNEL in run_job, as amdgpu did before 2021 (V1), to check the suite catches it.
 */
final class TemplateDriver implements Driver, SchedulerBackend {
    /** A deliberate violation, to check the suite catches each under the right rule. */
    enum Bug {
        NONE, ALLOC_IN_RUN_JOB, RESV_IN_RUN_JOB, SHRINKER_BLOCKING_RESV, SHRINKER_ALLOCATES, TIMEOUT_IGNORED,
        /** run_job signals the hardware fence itself, and the GPU's interrupt signals it again. */
        DOUBLE_SIGNAL,
        /** A FAULTING or LONG_RUNNING context's submission returns a dma_fence. */
        FENCE_FOR_USERSPACE_FENCED_WORK,
        /** A long-running context's preempt fence that no preemption ever signals. */
        PREEMPT_FENCE_NEVER_SIGNALLED
    }

    private final Kernel kernel;
    private final boolean allocInRunJob;
    private final Bug bug;
    private final GpuScheduler scheduler;
    private final Fences.FenceTimeline hw;
    private final GpuEngine engine;
    private final Map<String, DmaResv> buffers = new HashMap<>();
    private final Map<String, List<dev.fencecheck.api.kernel.GpuStep>> steps = new HashMap<>();
    /** {@link Bug#PREEMPT_FENCE_NEVER_SIGNALLED}: attached to the context's buffers, never signalled. */
    private final DmaFence neverSignalled;

    TemplateDriver(DriverContext ctx, boolean allocInRunJob) {
        this(ctx, allocInRunJob ? Bug.ALLOC_IN_RUN_JOB : Bug.NONE);
    }

    TemplateDriver(DriverContext ctx, Bug bug) {
        this.kernel = ctx.kernel();
        this.bug = bug;
        this.allocInRunJob = bug == Bug.ALLOC_IN_RUN_JOB;
        this.hw = kernel.fences().timeline("template.hw");
        this.engine = kernel.gpu().engines().get(0);
        this.scheduler = ctx.createScheduler("gfx", this, 100);
        this.neverSignalled = bug == Bug.PREEMPT_FENCE_NEVER_SIGNALLED
                ? kernel.fences().timeline("template.preempt").create() : null;
        if (bug == Bug.SHRINKER_BLOCKING_RESV || bug == Bug.SHRINKER_ALLOCATES) {
            kernel.memory().registerShrinker(new dev.fencecheck.api.kernel.Shrinker() {
                @Override
                public String name() {
                    return "template";
                }

                @Override
                public long count() {
                    return buffers.size();
                }

                @Override
                public long scan(long toScan) {
                    for (DmaResv r : List.copyOf(buffers.values())) {
                        if (bug == Bug.SHRINKER_ALLOCATES) {
                            kernel.memory().alloc(Gfp.GFP_KERNEL, 1);
                        }
                        try (var held = r.lock()) {   // should be a trylock
                            r.waitTimeout(DmaResv.Usage.BOOKKEEP, 10);
                        }
                    }
                    return 0;
                }
            });
        }
    }

    static DriverProvider provider(String id, Bug bug) {
        return provider(id, bug, GpuConfig.of(id, "gfx"));
    }

    static DriverProvider provider(String id, Bug bug, GpuConfig hardware) {
        return new DriverProvider() {
            @Override
            public DriverDescriptor descriptor() {
                return DriverDescriptor.of(id, "Test", "6.8", "a drm_sched template driver", hardware);
            }

            @Override
            public Driver create(DriverContext context) {
                return new TemplateDriver(context, bug);
            }
        };
    }

    static DriverProvider provider(String id, boolean allocInRunJob) {
        return new DriverProvider() {
            @Override
            public DriverDescriptor descriptor() {
                return DriverDescriptor.of(id, "Test", "6.8", "a drm_sched template driver",
                        GpuConfig.of(id, "gfx"));
            }

            @Override
            public Driver create(DriverContext context) {
                return new TemplateDriver(context, allocInRunJob);
            }
        };
    }

    @Override
    public GpuContext openContext(String name, String engineName, GpuContext.Kind kind) {
        return new GpuContext(name, engineName, kind);
    }

    @Override
    public Preemption preemption() {
        if (neverSignalled == null) {
            return Preemption.NONE;
        }
        return new Preemption() {
            @Override
            public DmaFence preemptFence(GpuContext context) {
                neverSignalled.publish(); // as if attached to the context's buffers
                return neverSignalled;
            }
        };
    }

    @Override
    public DmaFence submit(Submission s) {
        if (s.context().kind() != GpuContext.Kind.FENCED && bug != Bug.FENCE_FOR_USERSPACE_FENCED_WORK) {
            return null; // long-running and faulting work completes with userspace fences
        }
        kernel.memory().alloc(Gfp.GFP_KERNEL, 1); // the job, before anything is published
        List<DmaResv> resvs = s.buffers().stream()
                .map(b -> buffers.computeIfAbsent(b, n -> kernel.reservations().create(n))).toList();
        Job job = Job.of("job." + s.context().name(), s.dependencies().toArray(DmaFence[]::new));
        steps.put(job.name(), s.steps());
        try (DmaResv.WwAcquireContext ctx = kernel.reservations().acquireContext()) {
            for (DmaResv r : resvs) {
                r.lock(ctx);
            }
            ctx.done();
            DmaFence finished = scheduler.submit(job);
            for (DmaResv r : resvs) {
                r.addFence(finished, DmaResv.Usage.WRITE);
                r.unlock();
            }
            return finished;
        }
    }

    @Override
    public DmaFence runJob(Job job) {
        if (allocInRunJob) {
            kernel.memory().alloc(Gfp.GFP_KERNEL, 1); // amdgpu_fence_emit() before the fix
        }
        if (bug == Bug.RESV_IN_RUN_JOB) {
            DmaResv any = buffers.values().iterator().next();
            try (var held = any.lock()) {       // dma_resv inside run_job
                kernel.mightSleep();
            }
        }
        DmaFence fence = hw.create();
        engine.submit(new GpuJob(job.name(), steps.get(job.name()), fence, true));
        if (bug == Bug.DOUBLE_SIGNAL) {
            fence.signal();
        }
        return fence;
    }

    @Override
    public void timedoutJob(Job job) {
        if (bug == Bug.TIMEOUT_IGNORED) {
            return;                             // no reset: the hung job's fence never signals
        }
        scheduler.stop(job);
        for (GpuJob dropped : engine.reset()) {
            dropped.fence().signal(GpuScheduler.ECANCELED);
        }
        scheduler.start(0);
    }
}
