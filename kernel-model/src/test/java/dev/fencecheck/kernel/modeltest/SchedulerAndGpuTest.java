package dev.fencecheck.kernel.modeltest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.GpuConfig;
import dev.fencecheck.api.kernel.GpuEngine;
import dev.fencecheck.api.kernel.GpuJob;
import dev.fencecheck.api.kernel.GpuScheduler;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Job;
import dev.fencecheck.api.kernel.Mm;
import dev.fencecheck.api.kernel.MmuIntervalNotifier;
import dev.fencecheck.api.kernel.Mutex;
import dev.fencecheck.api.kernel.SchedulerBackend;
import dev.fencecheck.kernel.model.ModelExploration;
import dev.fencecheck.kernel.model.ModelFences;
import dev.fencecheck.kernel.model.ModelGpu;
import dev.fencecheck.kernel.model.ModelKernel;
import dev.fencecheck.kernel.model.ModelMemory;
import dev.fencecheck.kernel.model.ModelMm;
import dev.fencecheck.kernel.model.ModelScheduler;
import dev.fencecheck.lockdep.ExecContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The DRM scheduler and the GPU hardware on the explorer: every interleaving of the threads. */
class SchedulerAndGpuTest {
    private static final long USERPTR = 0x10000;
    private static final long PAGE = 0x1000;

    private static ModelExploration.Result explore(Consumer<ModelKernel> model) {
        ModelExploration.Result r = ModelExploration.explore(model, 50_000, 0, 10_000);
        assertEquals(List.of(), r.failures());
        assertTrue(r.exploration().complete(), "explored " + r.exploration().executions() + " executions");
        return r;
    }

    private static void services(ModelKernel k) {
        k.install(new ModelFences(k), null, new ModelMemory(k, 1024, 16), new ModelMm(k));
    }

    private static List<String> labels(ModelExploration.Result r) {
        return r.findings().stream().map(f -> f.finding().label()).toList();
    }

    /** A backend whose jobs take no hardware at all (run_job returns no fence). */
    private static SchedulerBackend instant(Consumer<Job> run) {
        return new SchedulerBackend() {
            @Override
            public DmaFence runJob(Job job) {
                run.accept(job);
                return null;
            }

            @Override
            public void timedoutJob(Job job) {
                throw new AssertionError("no timeout expected");
            }
        };
    }

    @Test
    void aJobRunsOnlyAfterItsDependencySignalled() {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = explore(k -> {
            services(k);
            DmaFence dep = k.fences().timeline("client").create();
            ModelScheduler sched = ModelScheduler.create(k, "ring", instant(job -> {
                seen.add(dep.isSignaled() ? "ran after the dependency" : "ran before the dependency");
            }), GpuScheduler.NO_TIMEOUT);
            k.thread("submit", ExecContext.TASK, () -> {
                DmaFence done = sched.submit(Job.of("job", dep));
                done.await();
                seen.add(dep.isSignaled() ? "finished after the dependency" : "finished before the dependency");
            });
            k.thread("signal", ExecContext.TASK, () -> {
                dep.publish();
                dep.signal();
            });
        });
        assertNull(r.exploration().deadlock());
        assertEquals(Set.of("ran after the dependency", "finished after the dependency"), seen);
        assertEquals(List.of(), labels(r));
    }

    @Test
    void anUnsignalledDependencyLeavesThePublishedFinishedFenceUnsignalled() {
        ModelExploration.Result r = explore(k -> {
            services(k);
            DmaFence never = k.fences().timeline("client").create();
            ModelScheduler sched = ModelScheduler.create(k, "ring", instant(job -> { }), GpuScheduler.NO_TIMEOUT);
            k.thread("submit", ExecContext.TASK, () -> sched.submit(Job.of("job", never)));
        });
        assertNull(r.exploration().deadlock());
        assertEquals(List.of("fence-never-signalled rule:FENCE-FINITE"), labels(r));
    }

    @Test
    void runJobAllocatingWithReclaimIsFenceAlloc() {
        ModelExploration.Result r = explore(k -> {
            services(k);
            ModelScheduler sched = ModelScheduler.create(k, "ring",
                    instant(job -> k.memory().alloc(Gfp.GFP_KERNEL, 1)), GpuScheduler.NO_TIMEOUT);
            k.thread("submit", ExecContext.TASK, () -> sched.submit(Job.of("job")).await());
        });
        assertNull(r.exploration().deadlock());
        assertTrue(labels(r).contains("circular-dependency rule:FENCE-ALLOC"), labels(r).toString());
    }

    @Test
    void runJobAllocatingWithoutReclaimIsFine() {
        ModelExploration.Result r = explore(k -> {
            services(k);
            ModelScheduler sched = ModelScheduler.create(k, "ring",
                    instant(job -> k.memory().alloc(Gfp.GFP_NOWAIT, 1)), GpuScheduler.NO_TIMEOUT);
            k.thread("submit", ExecContext.TASK, () -> sched.submit(Job.of("job")).await());
        });
        assertEquals(List.of(), labels(r));
    }

    /** A driver whose run_job puts the job on the gfx ring and whose timeout handler resets the engine. */
    private static final class ResettingDriver implements SchedulerBackend {
        final Set<String> timedOut;
        final Fences.FenceTimeline hw;
        final GpuEngine gfx;
        final GpuStep[] steps;
        GpuScheduler sched;

        ResettingDriver(ModelKernel k, ModelGpu gpu, Set<String> timedOut, GpuStep... steps) {
            this.timedOut = timedOut;
            this.hw = k.fences().timeline("gfx.hw");
            this.gfx = gpu.engine("gfx");
            this.steps = steps;
        }

        @Override
        public DmaFence runJob(Job job) {
            DmaFence fence = hw.create();
            gfx.submit(GpuJob.of(job.name(), fence, steps));
            return fence;
        }

        // amdgpu_job_timedout() -> amdgpu_device_gpu_recover(), reduced to one engine
        @Override
        public void timedoutJob(Job job) {
            timedOut.add(job.name());
            sched.stop(job);
            for (GpuJob dropped : gfx.reset()) {
                dropped.fence().signal(GpuScheduler.ECANCELED);
            }
            sched.start(0);
        }
    }

    @Test
    void aHungJobTriggersTheTimeoutHandlerAndIsCancelled() {
        Set<String> timedOut = ConcurrentHashMap.newKeySet();
        Set<Integer> statuses = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = explore(k -> {
            services(k);
            ModelGpu gpu = ModelGpu.create(k, GpuConfig.of("gpu", "gfx"));
            ResettingDriver driver = new ResettingDriver(k, gpu, timedOut, GpuStep.compute(), GpuStep.hang());
            driver.sched = ModelScheduler.create(k, "gfx", driver, 100);
            k.thread("submit", ExecContext.TASK, () -> {
                DmaFence done = driver.sched.submit(Job.of("hung"));
                done.await();
                statuses.add(done.status());
            });
        });
        assertNull(r.exploration().deadlock());
        assertEquals(Set.of("hung"), timedOut);
        assertEquals(Set.of(GpuScheduler.ECANCELED), statuses);
        assertEquals(List.of(), labels(r));
    }

    @Test
    void aJobThatCompletesNeverTimesOut() {
        Set<String> timedOut = ConcurrentHashMap.newKeySet();
        Set<Integer> statuses = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = explore(k -> {
            services(k);
            ModelGpu gpu = ModelGpu.create(k, GpuConfig.of("gpu", "gfx"));
            ResettingDriver driver = new ResettingDriver(k, gpu, timedOut, GpuStep.compute(), GpuStep.bo("vb"));
            driver.sched = ModelScheduler.create(k, "gfx", driver, 100);
            k.thread("submit", ExecContext.TASK, () -> {
                DmaFence done = driver.sched.submit(Job.of("quick"));
                done.await();
                statuses.add(done.status());
            });
        });
        assertNull(r.exploration().deadlock());
        assertEquals(Set.of(), timedOut);
        assertEquals(Set.of(1), statuses);
        assertEquals(List.of(), labels(r));
    }

    @Test
    void aHungJobWithoutTimeoutIsNeverSignalled() {
        ModelExploration.Result r = explore(k -> {
            services(k);
            ModelGpu gpu = ModelGpu.create(k, GpuConfig.of("gpu", "gfx"));
            ResettingDriver driver = new ResettingDriver(k, gpu, ConcurrentHashMap.newKeySet(), GpuStep.hang());
            driver.sched = ModelScheduler.create(k, "gfx", driver, GpuScheduler.NO_TIMEOUT);
            k.thread("submit", ExecContext.TASK, () -> driver.sched.submit(Job.of("hung")));
        });
        assertNull(r.exploration().deadlock());
        assertEquals(List.of("fence-never-signalled rule:FENCE-FINITE"), labels(r));
    }

    /**
     * A userptr driver: the submission maps the pages and runs a job that touches them; the
     * notifier either does nothing (the bug) or, as amdgpu's gfx notifier, waits for the job
     * under the notifier lock, which the submission holds while it checks the sequence and
     * publishes.
     */
    private static void userptrModel(ModelKernel k, boolean notifierWaits) {
        services(k);
        Mm mm = k.mm();
        mm.map(USERPTR, PAGE);
        ModelGpu gpu = ModelGpu.create(k, GpuConfig.of("gpu", "gfx"));
        Mutex notifierLock = k.locks().mutex("notifier_lock");
        DmaFence[] inFlight = new DmaFence[1];
        MmuIntervalNotifier notifier = mm.insertNotifier(USERPTR, PAGE, (n, event, blockable, seq) -> {
            if (!notifierWaits) {
                n.setSeq(seq);
                return true;
            }
            if (!blockable) {
                return false;
            }
            try (Held h = notifierLock.lock()) {
                n.setSeq(seq);
                if (inFlight[0] != null) {
                    inFlight[0].await();
                }
            }
            return true;
        });
        Fences.FenceTimeline hw = k.fences().timeline("gfx.hw");
        k.thread("submit", ExecContext.TASK, () -> {
            long seq = notifier.readBegin();
            if (!mm.getUserPages(USERPTR, PAGE)) {
                return;
            }
            DmaFence fence;
            try (Held h = notifierLock.lock()) {
                if (notifier.readRetry(seq)) {
                    return; // -EAGAIN: userspace retries
                }
                gpu.mapUserptr(notifier, seq);
                fence = hw.create();
                gpu.engine("gfx").submit(GpuJob.of("userptr-job", fence, GpuStep.userptr(USERPTR)));
                fence.publish();
                inFlight[0] = fence;
            }
            fence.await();
        });
        k.thread("munmap", ExecContext.TASK, () -> mm.unmap(USERPTR, PAGE));
    }

    @Test
    void aGpuAccessAfterTheNotifierReturnedIsReported() {
        ModelExploration.Result r = explore(k -> userptrModel(k, false));
        assertNull(r.exploration().deadlock());
        assertTrue(labels(r).contains("gpu-access-after-invalidate rule:USERPTR-COHERENT"), labels(r).toString());
        ModelKernel.ScheduledFinding f = r.findings().stream()
                .filter(s -> s.finding().rule() != null && s.finding().rule().equals("USERPTR-COHERENT"))
                .findFirst().orElseThrow();
        assertTrue(f.schedule().stream().anyMatch(s -> s.thread().equals("munmap")), f.schedule().toString());
    }

    @Test
    void aNotifierThatWaitsForTheGpuKeepsUserptrCoherent() {
        ModelExploration.Result r = explore(k -> userptrModel(k, true));
        assertNull(r.exploration().deadlock());
        assertFalse(labels(r).contains("gpu-access-after-invalidate rule:USERPTR-COHERENT"), labels(r).toString());
    }

    /**
     * FAULT-PROGRESS: a compute job (no dma_fence, recoverable faults) and a 3D job share one
     * compute unit; the compute job faults, and its fault handler waits for the 3D job's fence
     * (as an allocation would, through reclaim), while the 3D job waits for the compute unit.
     */
    private static void sharedComputeUnitModel(ModelKernel k, GpuConfig config, boolean preemptCompute,
                                               AtomicInteger faults) {
        services(k);
        ModelGpu gpu = ModelGpu.create(k, config);
        DmaFence fence3d = k.fences().timeline("gfx.hw").create();
        GpuEngine compute = gpu.engine("compute");
        GpuEngine gfx = gpu.engine("gfx");
        gpu.onFault(fault -> {
            faults.incrementAndGet();
            fence3d.await();
            return false;
        });
        k.thread("compute-submit", ExecContext.TASK, () -> compute.submit(
                GpuJob.of("compute", null, GpuStep.compute(), GpuStep.userptr(0x20000))));
        k.thread("3d-submit", ExecContext.TASK, () -> {
            if (preemptCompute) {
                compute.preempt();
            }
            gfx.submit(GpuJob.of("3d", fence3d, GpuStep.compute()));
            fence3d.publish();
            fence3d.await();
            if (preemptCompute) {
                compute.resume();
            }
        });
    }

    @Test
    void aFaultingComputeJobHoldingTheSharedComputeUnitDeadlocksThe3dJob() {
        AtomicInteger faults = new AtomicInteger();
        GpuConfig config = GpuConfig.of("gpu", "gfx", "compute").withRecoverableFaults(true);
        ModelExploration.Result r = explore(k -> sharedComputeUnitModel(k, config, false, faults));
        assertNotNull(r.exploration().deadlock());
        String blocked = r.exploration().deadlock().blocked().toString();
        assertTrue(blocked.contains("waits for a compute unit"), blocked);
        assertTrue(blocked.contains("stalls on a page fault"), blocked);
        assertTrue(blocked.contains("fence gfx.hw:1 to be signalled"), blocked);
    }

    @Test
    void separateComputeUnitsMakeProgress() {
        AtomicInteger faults = new AtomicInteger();
        GpuConfig config = GpuConfig.of("gpu", "gfx", "compute").withRecoverableFaults(true)
                .withComputeUnits(1, false);
        ModelExploration.Result r = explore(k -> sharedComputeUnitModel(k, config, false, faults));
        assertNull(r.exploration().deadlock());
        assertTrue(faults.get() > 0);
    }

    @Test
    void preemptingTheComputeJobWithItsFaultPendingMakesProgress() {
        AtomicInteger faults = new AtomicInteger();
        GpuConfig config = GpuConfig.of("gpu", "gfx", "compute").withRecoverableFaults(true)
                .withPreemption(GpuConfig.Preemption.MID_JOB, true);
        ModelExploration.Result r = explore(k -> sharedComputeUnitModel(k, config, true, faults));
        assertNull(r.exploration().deadlock());
    }

    @Test
    void preemptionThatMustWaitForTheFaultDoesNotHelp() {
        AtomicInteger faults = new AtomicInteger();
        GpuConfig config = GpuConfig.of("gpu", "gfx", "compute").withRecoverableFaults(true)
                .withPreemption(GpuConfig.Preemption.MID_JOB, false);
        ModelExploration.Result r = explore(k -> sharedComputeUnitModel(k, config, true, faults));
        assertNotNull(r.exploration().deadlock());
        assertTrue(r.exploration().deadlock().blocked().toString().contains("wait for preemption"),
                r.exploration().deadlock().blocked().toString());
    }
}
