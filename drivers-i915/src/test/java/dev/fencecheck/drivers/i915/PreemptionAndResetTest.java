package dev.fencecheck.drivers.i915;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuConfig;
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

/** The preemption and fault claims, and the watchdog that bounds every request. */
class PreemptionAndResetTest {
    @Test
    void theDescriptorClaimsMidBatchPreemptionBoundedByThePreemptTimeoutAndNoRecoverableFaults() {
        DriverDescriptor d = I915Models.provider("i915").descriptor();
        assertEquals(GpuConfig.Preemption.MID_JOB, d.hardware().preemption());
        assertEquals(KconfigProfile.PREEMPT_TIMEOUT_MS, d.preemptionLatency());
        assertFalse(d.hardware().recoverableFaults());
        assertEquals(DriverDescriptor.FaultMitigation.NO_RECOVERABLE_FAULTS, d.faultMitigation());
    }

    @Test
    void thereIsNoFaultHandlerAndNoFaultingContext() {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        I915Models.explore("i915", DriverModel.Memory.plenty(), m -> {
            seen.add(String.valueOf(m.driver().faultHandler()));
            assertThrows(UnsupportedOperationException.class,
                    () -> m.driver().openContext("svm", "rcs0", GpuContext.Kind.FAULTING));
        }, 1);
        assertEquals(Set.of("null"), seen);
    }

    @ParameterizedTest
    @ValueSource(strings = {"i915", "i915@5.8", "i915@5.8-execbuf"})
    void aPulsePreemptsTheRunningContextAndItCompletes(String id) {
        Set<String> outcomes = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = I915Models.explore(id, DriverModel.Memory.plenty(), m -> {
            GpuContext ctx = m.driver().openContext("ctx0", "rcs0", GpuContext.Kind.FENCED);
            m.kernel().thread("execbuf", ExecContext.TASK, () -> {
                DmaFence fence = m.driver().submit(new Submission(ctx, List.of(), List.of(), List.of(),
                        List.of(GpuStep.compute(), GpuStep.compute(), GpuStep.compute())));
                fence.await();
                outcomes.add("job status " + fence.status());
            });
            m.kernel().thread("pulse", ExecContext.TASK,
                    () -> outcomes.add("preempted " + m.driver().preemption().preempt(ctx)));
        });
        assertNull(r.exploration().deadlock(), I915Models.describe(r));
        assertEquals(List.of(), I915Models.labels(r), I915Models.describe(r));
        assertEquals(Set.of("preempted true", "job status 1"), outcomes);
    }

    @Test
    void i915HasNoPreemptFences() {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        I915Models.explore("i915", DriverModel.Memory.plenty(), m -> {
            GpuContext ctx = m.driver().openContext("compute", "rcs0", GpuContext.Kind.LONG_RUNNING);
            seen.add(String.valueOf(m.driver().preemption().preemptFence(ctx)));
        }, 1);
        assertEquals(Set.of("null"), seen);
    }

    /**
     * A batch that never ends is cancelled by the request watchdog (preempted off the engine,
     * its payload skipped); a request queued behind it on the same engine is replayed and
     * completes. Every fence signals: no FENCE-FINITE.
     */
    @ParameterizedTest
    @ValueSource(strings = {"i915", "i915@5.8", "i915@5.8-execbuf"})
    void theWatchdogCancelsAHungBatchAndReplaysTheOthers(String id) {
        Set<String> outcomes = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = I915Models.explore(id, DriverModel.Memory.plenty(), m -> {
            GpuContext hog = m.driver().openContext("hog", "rcs0", GpuContext.Kind.FENCED);
            GpuContext other = m.driver().openContext("other", "rcs0", GpuContext.Kind.FENCED);
            m.kernel().thread("execbuf-hog", ExecContext.TASK, () -> {
                DmaFence fence = m.driver().submit(new Submission(hog, List.of(), List.of(), List.of(),
                        List.of(GpuStep.compute(), GpuStep.hang())));
                fence.await();
                outcomes.add("hog signalled " + fence.isSignaled());
            });
            m.kernel().thread("execbuf-other", ExecContext.TASK, () -> {
                DmaFence fence = m.driver().submit(new Submission(other, List.of(), List.of(), List.of(),
                        List.of(GpuStep.compute())));
                fence.await();
                outcomes.add("other status " + fence.status());
            });
        });
        assertNull(r.exploration().deadlock(), I915Models.describe(r));
        assertFalse(I915Models.rules(r).contains("FENCE-FINITE"), I915Models.describe(r));
        assertEquals(List.of(), I915Models.labels(r), I915Models.describe(r));
        assertEquals(Set.of("hog signalled true", "other status 1"), outcomes);
    }
}
