package dev.fencecheck.conformance.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.DriverProvider;
import dev.fencecheck.conformance.plugin.LoadedDriver;
import dev.fencecheck.conformance.run.ConformanceRunner;
import dev.fencecheck.conformance.run.ProcessKillingDrivers;
import dev.fencecheck.conformance.run.Result;
import dev.fencecheck.conformance.run.Status;
import dev.fencecheck.conformance.scenarios.SubmitUnderMemoryPressure;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Drivers that end or freeze their JVM (ProcessKillingDrivers) get error or timeout results
 * naming the driver, the scenario and what happened to the process, and the good driver run
 * after them on the same runner still passes. Small heap, short timeouts: each case takes a
 * JVM start and a few seconds at most.
 */
class DriverProcessIsolationTest {
    private static final String PLUGINS = Path.of("src", "test", "plugins", "process-killers").toAbsolutePath().toString();

    private final IsolatedRunner runner = new IsolatedRunner(
            ChildJvm.likeThisJvm("64m", new ConformanceRunner.Options(50, 0, 5, 500))
                    .withExtraClassPath(PLUGINS).withGraceMillis(1_000));
    private final SubmitUnderMemoryPressure scenario = new SubmitUnderMemoryPressure();

    @AfterEach
    void stopChildren() {
        runner.close();
    }

    private static LoadedDriver driver(String id) {
        DriverProvider p = new ProcessKillingDrivers().drivers().stream()
                .filter(d -> d.descriptor().id().equals(id)).findFirst().orElseThrow();
        return new LoadedDriver(p.descriptor(), p, PLUGINS, ProcessKillingDrivers.class.getName());
    }

    private static void assertAll(List<Result> rs, Status status, String text) {
        assertFalse(rs.isEmpty());
        assertTrue(rs.stream().allMatch(r -> r.status() == status && r.reason().contains(text)),
                rs.stream().map(r -> r.status() + " " + r.reason()).distinct().toList().toString());
    }

    private void assertTemplatePasses() {
        List<Result> good = runner.run(driver("template"), scenario);
        assertEquals(List.of(Status.PASS), good.stream().map(Result::status).distinct().toList(), good.toString());
    }

    @Test
    void aDriverThatAllocatesWithoutBoundIsAnErrorOfItsOwnAndTheNextDriverPasses() {
        assertAll(runner.run(driver("hog"), scenario), Status.ERROR,
                "hog/submit-under-memory-pressure: the driver process ran out of memory (Java heap space, heap limit 64m)");
        assertTemplatePasses();
    }

    @Test
    void aDriverThatCallsSystemExitIsAnErrorNamingTheStatus() {
        assertAll(runner.run(driver("exiter"), scenario), Status.ERROR,
                "exiter/submit-under-memory-pressure: the driver process exited with status 3 (System.exit");
        assertTemplatePasses();
    }

    @Test
    void aProbeThatHaltsTheJvmIsAnError() {
        assertAll(runner.run(driver("halter"), scenario), Status.ERROR,
                "halter/submit-under-memory-pressure: the driver process exited with status 7");
        assertTemplatePasses();
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC}) // the driver stops itself with kill -STOP
    void aFrozenDriverProcessIsKilledAtTheDeadlineAndIsATimeout() {
        assertAll(runner.run(driver("frozen"), scenario), Status.TIMEOUT,
                "frozen/submit-under-memory-pressure: no answer within 5 s + 1.0 s; the driver process was killed");
        assertTemplatePasses();
    }

    @Test
    void resultsMadeBeforeAProcessDiesAreKeptAndTheCulpritIsJudgedInAFreshProcess() {
        assertTemplatePasses();
        long before = runner.pids().get(0);
        // the exit kills the process that already ran the template; the retry in a fresh one
        // exits too, so the error is the exiter's own
        assertAll(runner.run(driver("exiter"), scenario), Status.ERROR, "exited with status 3");
        assertFalse(ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false), "the dead child is gone");
        assertTemplatePasses();
        assertNotEquals(before, runner.pids().get(0));
    }

    @Test
    void closingTheRunnerLeavesNoDriverProcessBehind() {
        assertTemplatePasses();
        ProcessHandle child = ProcessHandle.of(runner.pids().get(0)).orElseThrow();
        runner.close();
        assertFalse(child.isAlive());
        assertAll(runner.run(driver("template"), scenario), Status.TIMEOUT, "interrupted");
    }
}
