package dev.fencecheck.drivers.i915;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.kernel.model.DriverModel;
import dev.fencecheck.kernel.model.ModelExploration;
import dev.fencecheck.lockdep.ExecContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * NOTIFIER_WAITS_FOR_FENCES: an execbuf using a userptr range races a munmap of it. The notifier
 * waits for the object's fences and execbuf revalidates the sequence after publishing, so the GPU
 * never touches the pages after the invalidation returned; except when the invalidating task is
 * exiting, where i915_gem_userptr_invalidate() deliberately does not wait.
 */
class UserptrContractTest {
    private static final long USERPTR = 0x10000;
    private static final long PAGE = 0x1000;
    private static final Submission.UserptrRange RANGE = new Submission.UserptrRange(USERPTR, PAGE);

    private static Submission userptrJob(GpuContext ctx, List<DmaFence> dependencies) {
        return new Submission(ctx, List.of("batch"), List.of(RANGE), dependencies,
                List.of(GpuStep.compute(), GpuStep.userptr(USERPTR)));
    }

    @Test
    void theDescriptorClaimsANotifierThatWaits() {
        assertEquals(DriverDescriptor.UserptrMode.NOTIFIER_WAITS_FOR_FENCES,
                I915Models.provider("i915").descriptor().userptr());
    }

    @Test
    void aMunmapRacingAnExecbufWaitsForTheGpu() {
        Set<String> outcomes = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = I915Models.explore("i915", DriverModel.Memory.plenty(), m -> {
            m.kernel().mm().map(USERPTR, PAGE);
            m.driver().createUserptr("userptr", RANGE);
            GpuContext ctx = m.driver().openContext("ctx0", "rcs0", GpuContext.Kind.FENCED);
            m.kernel().thread("execbuf", ExecContext.TASK, () -> {
                DmaFence fence = m.driver().submit(userptrJob(ctx, List.of()));
                if (fence == null) {
                    outcomes.add("execbuf failed: the range was gone");
                    return;
                }
                fence.await();
                outcomes.add("job status " + fence.status());
            });
            m.kernel().thread("munmap", ExecContext.TASK, () -> m.kernel().mm().unmap(USERPTR, PAGE));
        });
        assertNull(r.exploration().deadlock(), I915Models.describe(r));
        assertFalse(I915Models.rules(r).contains("USERPTR-COHERENT"), I915Models.describe(r));
        assertEquals(List.of(), I915Models.labels(r), I915Models.describe(r));
        assertTrue(outcomes.contains("job status 1"), outcomes.toString());
    }

    /**
     * A munmap of a range a queued job uses returns only once the job's fence has signalled, in
     * every model (the variants differ elsewhere: their FENCE-ALLOC is not looked at here).
     */
    @ParameterizedTest
    @ValueSource(strings = {"i915", "i915@5.8", "i915@5.8-execbuf"})
    void theNotifierWaitsForTheQueuedJob(String id) {
        Set<String> outcomes = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = I915Models.explore(id, DriverModel.Memory.plenty(), m -> {
            m.kernel().mm().map(USERPTR, PAGE);
            m.driver().createUserptr("userptr", RANGE);
            GpuContext ctx = m.driver().openContext("ctx0", "rcs0", GpuContext.Kind.FENCED);
            DmaFence inFence = m.kernel().fences().timeline("test.in-fence").create();
            DmaFence submitted = m.kernel().fences().timeline("test.submitted").create();
            DmaFence[] job = new DmaFence[1];
            m.kernel().thread("execbuf", ExecContext.TASK, () -> {
                job[0] = m.driver().submit(userptrJob(ctx, List.of(inFence)));
                submitted.signal();
                job[0].await();
            });
            m.kernel().thread("munmap", ExecContext.TASK, () -> {
                submitted.await();
                m.kernel().mm().unmap(USERPTR, PAGE);
                outcomes.add(job[0].isSignaled() ? "munmap returned after the job" : "munmap returned first");
            });
            m.kernel().thread("signaller", ExecContext.TASK, () -> {
                submitted.await();
                inFence.signal();
            });
        });
        assertNull(r.exploration().deadlock(), I915Models.describe(r));
        assertFalse(I915Models.rules(r).contains("USERPTR-COHERENT"), I915Models.describe(r));
        if (id.equals("i915")) {
            assertEquals(List.of(), I915Models.labels(r), I915Models.describe(r));
        }
        assertEquals(Set.of("munmap returned after the job"), outcomes);
    }

    /**
     * The documented open behaviour of mainline: with PF_EXITING the notifier returns at once
     * ("the object will be cleaned up anyway"), so a queued job still reaches the range after
     * the invalidation returned. Here the job waits for an in-fence the exiting task signals
     * only after its munmap; a notifier that waited would deadlock on it. (The pages stay pinned
     * until the object is released, so this breaks the rule's letter, not freed memory: inference.)
     */
    @Test
    void anExitingProcessDoesNotWaitForTheGpu() {
        ModelExploration.Result r = I915Models.explore("i915", DriverModel.Memory.plenty(), m -> {
            m.kernel().mm().map(USERPTR, PAGE);
            m.driver().createUserptr("userptr", RANGE);
            GpuContext ctx = m.driver().openContext("ctx0", "rcs0", GpuContext.Kind.FENCED);
            DmaFence inFence = m.kernel().fences().timeline("test.in-fence").create();
            DmaFence submitted = m.kernel().fences().timeline("test.submitted").create();
            m.kernel().thread("execbuf", ExecContext.TASK, () -> {
                DmaFence fence = m.driver().submit(userptrJob(ctx, List.of(inFence)));
                submitted.signal();
                fence.await();
            });
            m.kernel().thread("exit_mmap", ExecContext.TASK, () -> {
                submitted.await();
                m.kernel().mm().unmap(USERPTR, PAGE);
                inFence.signal();
            });
        });
        assertNull(r.exploration().deadlock(), I915Models.describe(r));
        assertTrue(I915Models.rules(r).contains("USERPTR-COHERENT"), I915Models.describe(r));
    }
}
