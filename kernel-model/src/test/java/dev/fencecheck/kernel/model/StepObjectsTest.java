package dev.fencecheck.kernel.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.GpuConfig;
import dev.fencecheck.api.kernel.GpuEngine;
import dev.fencecheck.api.kernel.GpuJob;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.api.kernel.MmuIntervalNotifier;
import dev.fencecheck.lockdep.ExecContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * Every piece of model state must change in a step that announces the object the conflicting
 * steps of other threads announce, or the explorer takes the two for independent and never runs
 * them in the other order. Each test records outcomes under the explorer and under random
 * schedules (which trust no dependency): what random schedules reach, the explorer must reach.
 */
class StepObjectsTest {
    private static final int RANDOM_RUNS = 3_000;
    private static final int SEEDS = 6;

    /** The seed only changes which thread the explorer tries first; any must reach every outcome. */
    private static Set<String> explored(BiConsumer<ModelKernel, Set<String>> model, long seed) {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = ModelExploration.explore(k -> model.accept(k, seen), 200_000, seed, 10_000);
        assertEquals(List.of(), r.failures());
        assertTrue(r.exploration().complete(), "explored " + r.exploration().executions() + " executions");
        return seen;
    }

    private static Set<String> sampled(BiConsumer<ModelKernel, Set<String>> model) {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        RandomSchedules.run(k -> model.accept(k, seen), RANDOM_RUNS, 7);
        return seen;
    }

    private static void assertExplorerReachesAll(BiConsumer<ModelKernel, Set<String>> model, String expected) {
        Set<String> random = sampled(model);
        assertTrue(random.contains(expected), "random schedules reach " + expected + ": " + random);
        for (long seed = 0; seed < SEEDS; seed++) {
            Set<String> explored = explored(model, seed);
            assertTrue(explored.containsAll(random), "random schedules reach " + random + ", the explorer (seed "
                    + seed + ") only " + explored);
        }
    }

    private static void services(ModelKernel k) {
        k.install(new ModelFences(k), null, new ModelMemory(k, 1024, 16), new ModelMm(k));
    }

    /**
     * EngineExecutor: a job's last step leaves the hardware (current = null) in the step that
     * ran it; a reset racing with it finds the job on the hardware or already done.
     */
    private static void resetRacingCompletion(ModelKernel k, Set<String> seen) {
        services(k);
        DmaFence fence = k.fences().timeline("gfx.hw").create();
        GpuEngine[] gfx = new GpuEngine[1];
        // Declared before the GPU, so that the explorer tries it first.
        k.thread("driver", ExecContext.TASK, () -> {
            gfx[0].submit(GpuJob.of("job", fence, GpuStep.compute()));
            seen.add("reset drops " + gfx[0].reset());
        });
        gfx[0] = ModelGpu.create(k, GpuConfig.of("gpu", "gfx")).engine("gfx");
    }

    @Test
    void aResetAfterTheLastStepOfAJobFindsTheEngineIdle() {
        assertExplorerReachesAll(StepObjectsTest::resetRacingCompletion, "reset drops []");
    }

    /** The same with a job whose last step is a userptr access (a step on the GPU page tables). */
    private static void resetRacingUserptrCompletion(ModelKernel k, Set<String> seen) {
        services(k);
        k.mm().map(0x10000, 0x1000);
        MmuIntervalNotifier notifier = k.mm().insertNotifier(0x10000, 0x1000, (n, event, blockable, seq) -> {
            n.setSeq(seq);
            return true;
        });
        DmaFence fence = k.fences().timeline("gfx.hw").create();
        ModelGpu[] gpu = new ModelGpu[1];
        k.thread("driver", ExecContext.TASK, () -> {
            gpu[0].mapUserptr(notifier, notifier.readBegin());
            GpuEngine gfx = gpu[0].engine("gfx");
            gfx.submit(GpuJob.of("job", fence, GpuStep.userptr(0x10000)));
            seen.add("reset drops " + gfx.reset());
        });
        gpu[0] = ModelGpu.create(k, GpuConfig.of("gpu", "gfx"));
    }

    @Test
    void aResetAfterTheLastUserptrAccessOfAJobFindsTheEngineIdle() {
        assertExplorerReachesAll(StepObjectsTest::resetRacingUserptrCompletion, "reset drops []");
    }

    /**
     * EngineExecutor: between two steps of a job the engine honours a mid-job preemption
     * request; the driver sees where the job was saved.
     */
    private static void preemptRacingSteps(ModelKernel k, Set<String> seen) {
        services(k);
        GpuEngine[] gfx = new GpuEngine[1];
        k.thread("driver", ExecContext.TASK, () -> {
            gfx[0].submit(GpuJob.of("job", null, GpuStep.compute(), GpuStep.compute(), GpuStep.compute()));
            gfx[0].preempt();
            GpuRun saved = ((ModelGpuEngine) gfx[0]).saved;
            seen.add(saved == null ? "preempted while idle" : "preempted at step " + saved.pc);
            gfx[0].resume();
        });
        gfx[0] = ModelGpu.create(k, GpuConfig.of("gpu", "gfx").withPreemption(GpuConfig.Preemption.MID_JOB, true))
                .engine("gfx");
    }

    @Test
    void aJobCanBePreemptedBetweenAnyTwoOfItsSteps() {
        assertExplorerReachesAll(StepObjectsTest::preemptRacingSteps, "preempted at step 2");
    }

    /**
     * ResvFences: dma_resv_add_fence() reuses the slot of a signalled fence, so a fence signalled
     * by another thread before the add is replaced, and one signalled after it is kept.
     */
    private static void signalRacingAddFence(ModelKernel k, Set<String> seen) {
        k.install(new ModelFences(k), new ModelReservations(k), null, null);
        DmaResv resv = k.reservations().create("bo");
        DmaFence first = k.fences().timeline("a").create();
        DmaFence second = k.fences().timeline("b").create();
        k.thread("add", ExecContext.TASK, () -> {
            try (Held h = resv.lock()) {
                resv.addFence(first, DmaResv.Usage.WRITE);
                resv.addFence(second, DmaResv.Usage.WRITE);
                seen.add("the resv holds " + resv.fences(DmaResv.Usage.BOOKKEEP));
            }
        });
        k.thread("signal", ExecContext.TASK, first::signal);
    }

    @Test
    void aFenceSignalledBeforeTheNextAddLosesItsSlot() {
        assertExplorerReachesAll(StepObjectsTest::signalRacingAddFence, "the resv holds [b:1]");
    }
}
