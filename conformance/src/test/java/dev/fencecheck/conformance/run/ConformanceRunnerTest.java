package dev.fencecheck.conformance.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.DriverProvider;
import dev.fencecheck.conformance.plugin.LoadedDriver;
import dev.fencecheck.api.kernel.GpuConfig;
import dev.fencecheck.conformance.scenarios.FaultVsFence;
import dev.fencecheck.conformance.scenarios.HangTimeoutReset;
import dev.fencecheck.conformance.scenarios.PreemptFenceEviction;
import dev.fencecheck.conformance.scenarios.StandardScenario;
import dev.fencecheck.conformance.scenarios.SubmitUnderMemoryPressure;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The suite's own behaviour on a known-good and a known-bad driver. */
class ConformanceRunnerTest {
    private final ConformanceRunner runner = new ConformanceRunner(new ConformanceRunner.Options(300, 0, 60, 10_000));

    private static LoadedDriver loaded(DriverProvider p) {
        return new LoadedDriver(p.descriptor(), p, "test", "test");
    }

    private List<Result> run(boolean allocInRunJob, StandardScenario s) {
        return runner.run(loaded(TemplateDriver.provider("template", allocInRunJob)), s);
    }

    private static String statuses(List<Result> rs) {
        return rs.stream().map(r -> r.rule() + "=" + r.status().word()).collect(Collectors.joining(" "));
    }

    @Test
    void aCleanDriverPassesSubmissionUnderMemoryPressure() {
        List<Result> rs = run(false, new SubmitUnderMemoryPressure());
        assertTrue(rs.stream().allMatch(r -> r.status() == Status.PASS), statuses(rs) + " "
                + rs.stream().map(Result::reason).toList());
    }

    @Test
    void aGfpKernelAllocationInRunJobFailsFenceAllocAndOnlyThat() {
        List<Result> rs = run(true, new SubmitUnderMemoryPressure());
        List<String> failed = rs.stream().filter(r -> r.status() == Status.FAIL).map(Result::rule).toList();
        assertTrue(failed.contains("FENCE-ALLOC"), statuses(rs));
        Result alloc = rs.stream().filter(r -> r.rule().equals("FENCE-ALLOC")).findFirst().orElseThrow();
        assertTrue(alloc.findings().get(0).report().get(0).contains("circular locking dependency"));
    }

    private List<String> failedRules(TemplateDriver.Bug bug, StandardScenario s) {
        return runner.run(loaded(TemplateDriver.provider("buggy", bug)), s).stream()
                .filter(r -> r.status() == Status.FAIL).map(Result::rule).distinct().toList();
    }

    @Test
    void aDmaResvLockInRunJobIsFenceLock() {
        assertTrue(failedRules(TemplateDriver.Bug.RESV_IN_RUN_JOB, new SubmitUnderMemoryPressure())
                .contains("FENCE-LOCK"));
    }

    @Test
    void aShrinkerThatBlocksOnDmaResvIsReclaimTrylock() {
        List<String> failed = failedRules(TemplateDriver.Bug.SHRINKER_BLOCKING_RESV,
                new dev.fencecheck.conformance.scenarios.ShrinkerVsSubmit());
        assertTrue(failed.contains("RECLAIM-TRYLOCK"), failed.toString());
    }

    @Test
    void aShrinkerThatAllocatesWithReclaimIsReclaimAlloc() {
        List<String> failed = failedRules(TemplateDriver.Bug.SHRINKER_ALLOCATES,
                new dev.fencecheck.conformance.scenarios.ShrinkerVsSubmit());
        assertTrue(failed.contains("RECLAIM-ALLOC"), failed.toString());
    }

    @Test
    void aTimeoutHandlerThatDoesNotRecoverIsFenceFinite() {
        List<String> failed = failedRules(TemplateDriver.Bug.TIMEOUT_IGNORED, new HangTimeoutReset());
        assertTrue(failed.contains("FENCE-FINITE"), failed.toString());
    }

    @Test
    void aHungJobIsRecoveredByTheTimeoutAndReset() {
        List<Result> rs = run(false, new HangTimeoutReset());
        assertEquals(Status.PASS, rs.stream().filter(r -> r.rule().equals("FENCE-FINITE")).findFirst()
                .orElseThrow().status(), statuses(rs) + " " + rs.stream().map(Result::reason).toList());
    }

    @Test
    void aDescriptorThatClaimsUserptrTheDriverLacksFailsItsClaim() {
        DriverProvider honest = TemplateDriver.provider("template", false);
        DriverProvider liar = new DriverProvider() {
            @Override
            public dev.fencecheck.api.DriverDescriptor descriptor() {
                return honest.descriptor().withUserptr(
                        dev.fencecheck.api.DriverDescriptor.UserptrMode.NOTIFIER_WAITS_FOR_FENCES);
            }

            @Override
            public dev.fencecheck.api.driver.Driver create(dev.fencecheck.api.DriverContext context) {
                return honest.create(context);
            }
        };
        StandardScenario claims = new dev.fencecheck.conformance.scenarios.DescriptorClaims();
        assertEquals(Status.PASS, runner.run(loaded(honest), claims).get(0).status());
        Result lie = runner.run(loaded(liar), claims).get(0);
        assertEquals(Status.FAIL, lie.status());
        assertTrue(lie.reason().contains("createUserptr is unsupported"), lie.reason());
    }

    @Test
    void aScenarioNeedingUserptrIsSkippedWithTheReason() {
        StandardScenario userptr = dev.fencecheck.conformance.scenarios.StandardScenarios.all().get(1);
        List<Result> rs = run(false, userptr);
        assertTrue(rs.stream().allMatch(r -> r.status() == Status.SKIP
                && r.reason().equals("the driver has no userptr support")), statuses(rs));
    }

    @Test
    void aHardwareFenceSignalledTwiceIsFenceSignalOnce() {
        List<String> failed = failedRules(TemplateDriver.Bug.DOUBLE_SIGNAL, new SubmitUnderMemoryPressure());
        assertTrue(failed.contains("FENCE-SIGNAL-ONCE"), failed.toString());
    }

    @Test
    void aDmaFenceForWorkThatReliesOnPageFaultsIsFaultNoFence() {
        GpuConfig faulting = GpuConfig.of("faulting", "gfx", "compute").withComputeUnits(2, true)
                .withRecoverableFaults(true);
        List<Result> rs = runner.run(loaded(TemplateDriver.provider("faulting",
                TemplateDriver.Bug.FENCE_FOR_USERSPACE_FENCED_WORK, faulting)), new FaultVsFence());
        Result noFence = rs.stream().filter(r -> r.rule().equals("FAULT-NO-FENCE")).findFirst().orElseThrow();
        assertEquals(Status.FAIL, noFence.status(), statuses(rs) + " " + noFence.reason());
        assertTrue(noFence.reason().startsWith("submit() on a FAULTING context returned dma_fence"), noFence.reason());
    }

    @Test
    void anEndOfBatchFenceForLongRunningComputeIsFenceFinite() {
        GpuConfig preemptible = GpuConfig.of("preemptible", "gfx", "compute")
                .withPreemption(GpuConfig.Preemption.MID_JOB, false);
        List<Result> rs = runner.run(loaded(TemplateDriver.provider("lr", TemplateDriver.Bug.FENCE_FOR_USERSPACE_FENCED_WORK,
                preemptible)), new PreemptFenceEviction());
        Result finite = rs.stream().filter(r -> r.rule().equals("FENCE-FINITE")).findFirst().orElseThrow();
        assertEquals(Status.FAIL, finite.status(), statuses(rs) + " " + finite.reason());
        assertTrue(finite.reason().contains("LONG_RUNNING"), finite.reason());
    }

    @Test
    void aPreemptFenceThatNoPreemptionSignalsIsPreemptFence() {
        GpuConfig preemptible = GpuConfig.of("preemptible", "gfx", "compute")
                .withPreemption(GpuConfig.Preemption.MID_JOB, false);
        List<Result> rs = runner.run(loaded(TemplateDriver.provider("lr", TemplateDriver.Bug.PREEMPT_FENCE_NEVER_SIGNALLED,
                preemptible)), new PreemptFenceEviction());
        Result preempt = rs.stream().filter(r -> r.rule().equals("PREEMPT-FENCE")).findFirst().orElseThrow();
        assertEquals(Status.FAIL, preempt.status(), statuses(rs) + " " + preempt.reason());
        assertTrue(preempt.reason().contains("deadlock"), preempt.reason());
    }

    @Test
    void aCorrectLongRunningAndFaultingDriverPassesThoseScenarios() {
        GpuConfig both = GpuConfig.of("both", "gfx", "compute").withComputeUnits(2, false)
                .withRecoverableFaults(true).withPreemption(GpuConfig.Preemption.MID_JOB, true);
        DriverProvider clean = TemplateDriver.provider("clean", TemplateDriver.Bug.NONE, both);
        for (StandardScenario s : List.of(new FaultVsFence(), new PreemptFenceEviction())) {
            List<Result> rs = runner.run(loaded(clean), s);
            assertTrue(rs.stream().noneMatch(r -> r.status() == Status.FAIL || r.status() == Status.ERROR),
                    s.id() + ": " + statuses(rs) + " " + rs.stream().map(Result::reason).toList());
            if (s instanceof FaultVsFence) {
                assertEquals(Status.PASS, rs.stream().filter(r -> r.rule().equals("FAULT-NO-FENCE")).findFirst()
                        .orElseThrow().status(), "work that completes with userspace fences passes FAULT-NO-FENCE");
            }
        }
    }
}
