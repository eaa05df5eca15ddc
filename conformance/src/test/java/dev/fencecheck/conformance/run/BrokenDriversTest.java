package dev.fencecheck.conformance.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.DriverContext;
import dev.fencecheck.api.DriverProvider;
import dev.fencecheck.api.driver.Driver;
import dev.fencecheck.conformance.plugin.LoadedDriver;
import dev.fencecheck.conformance.scenarios.SubmitUnderMemoryPressure;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Deliberately broken drivers: each gets error or timeout results naming what happened and
 * where, and a good driver run after them still gets its results.
 */
class BrokenDriversTest {
    private final ConformanceRunner runner = new ConformanceRunner(new ConformanceRunner.Options(50, 0, 20, 500));
    private final SubmitUnderMemoryPressure scenario = new SubmitUnderMemoryPressure();

    private static LoadedDriver driver(String id, Function<DriverContext, Driver> create) {
        DriverProvider p = BrokenDrivers.provider(id, create);
        return new LoadedDriver(p.descriptor(), p, "test", "test");
    }

    private static void assertAll(List<Result> rs, Status status, String text) {
        assertTrue(rs.stream().allMatch(r -> r.status() == status && r.reason().contains(text)),
                rs.stream().map(r -> r.status() + " " + r.reason()).distinct().toList().toString());
    }

    @Test
    void aDriverThatThrowsIsAnErrorNamingTheExceptionAndTheThread() {
        List<Result> rs = runner.run(driver("thrower", c -> BrokenDrivers.submitting(() -> {
            throw new IllegalStateException("ring buffer corrupted");
        })), scenario);
        assertAll(rs, Status.ERROR, "ring buffer corrupted");
        assertTrue(rs.get(0).reason().contains("ioctl"), rs.get(0).reason());
    }

    @Test
    void aDriverWhoseCreateThrowsIsAnErrorOfTheSetUp() {
        List<Result> rs = runner.run(driver("bad-probe", c -> {
            throw new IllegalArgumentException("no such GPU");
        }), scenario);
        assertAll(rs, Status.ERROR, "no such GPU");
    }

    @Test
    void aDriverThatLoopsWithoutKernelCallsIsATimeoutNamingTheThread() {
        List<Result> rs = runner.run(driver("spinner", c -> BrokenDrivers.submitting(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
        })), scenario);
        assertAll(rs, Status.TIMEOUT, "thread ioctl");
    }

    @Test
    void aDriverThatBlocksARealThreadIsATimeout() {
        List<Result> rs = runner.run(driver("sleeper", c -> BrokenDrivers.submitting(() -> {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })), scenario);
        assertAll(rs, Status.TIMEOUT, "blocks a real thread");
    }

    @Test
    void aGoodDriverStillGetsItsResultsAfterBrokenOnes() {
        runner.run(driver("spinner", c -> BrokenDrivers.submitting(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
        })), scenario);
        List<Result> good = runner.run(new LoadedDriver(TemplateDriver.provider("template", false).descriptor(),
                TemplateDriver.provider("template", false), "test", "test"), scenario);
        assertEquals(List.of(Status.PASS), good.stream().map(Result::status).distinct().toList());
    }
}
