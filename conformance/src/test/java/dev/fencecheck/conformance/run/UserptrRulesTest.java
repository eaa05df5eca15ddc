package dev.fencecheck.conformance.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.conformance.plugin.LoadedDriver;
import dev.fencecheck.conformance.scenarios.StandardScenario;
import dev.fencecheck.conformance.scenarios.StandardScenarios;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The userptr rules, on an amdgpu-style userptr driver that is correct, then broken one way at a
 * time: each bug fails the rule it breaks, found by exploring the interleavings of the
 * submission with munmap.
 */
class UserptrRulesTest {
    private final ConformanceRunner runner = new ConformanceRunner(new ConformanceRunner.Options(300, 0, 60, 10_000));

    private static StandardScenario scenario(String id) {
        return StandardScenarios.all().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    private List<Result> run(UserptrTestDriver.Bug bug, String scenario) {
        var provider = UserptrTestDriver.provider("userptr-" + bug.name().toLowerCase(), bug);
        return runner.run(new LoadedDriver(provider.descriptor(), provider, "test", "test"), scenario(scenario));
    }

    private static List<String> failed(List<Result> rs) {
        return rs.stream().filter(r -> r.status() != Status.PASS).map(r -> r.rule() + "=" + r.status().word())
                .distinct().toList();
    }

    private static String explain(List<Result> rs) {
        return rs.stream().map(r -> r.rule() + "=" + r.status().word() + " " + r.reason())
                .collect(Collectors.joining("\n"));
    }

    @Test
    void aDriverThatWaitsInItsNotifierAndRevalidatesUnderTheNotifierLockPasses() {
        for (String s : List.of("munmap-while-gpu-uses-userptr", "userptr-invalidate-vs-submit")) {
            List<Result> rs = run(UserptrTestDriver.Bug.NONE, s);
            assertEquals(List.of(), failed(rs), s + ":\n" + explain(rs));
        }
    }

    @Test
    void aNotifierThatReturnsWithoutWaitingForTheGpuBreaksUserptrCoherent() {
        List<Result> rs = run(UserptrTestDriver.Bug.NOTIFIER_DOES_NOT_WAIT, "munmap-while-gpu-uses-userptr");
        assertEquals(List.of("USERPTR-COHERENT=fail"), failed(rs), explain(rs));
        Result coherent = rs.stream().filter(r -> r.rule().equals("USERPTR-COHERENT")).findFirst().orElseThrow();
        assertTrue(coherent.reason().contains("after its invalidation returned"), coherent.reason());
    }

    @Test
    void aSubmissionThatNeverRechecksTheSequencePublishesOnStalePages() {
        List<Result> rs = run(UserptrTestDriver.Bug.NO_SEQUENCE_RECHECK, "munmap-while-gpu-uses-userptr");
        assertEquals(List.of("USERPTR-COHERENT=fail"), failed(rs), explain(rs));
    }

    @Test
    void getUserPagesInsideTheSignallingSectionBreaksUserptrSeq() {
        List<Result> rs = run(UserptrTestDriver.Bug.GUP_IN_SIGNALLING, "userptr-invalidate-vs-submit");
        assertTrue(failed(rs).contains("USERPTR-SEQ=fail"), explain(rs));
    }
}
