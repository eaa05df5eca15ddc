package dev.fencecheck.conformance.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.DriverContext;
import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.DriverProvider;
import dev.fencecheck.api.driver.Driver;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.conformance.plugin.LoadedDriver;
import dev.fencecheck.conformance.scenarios.FaultVsFence;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * fenced-faulting-work (rule FAULT-NO-FENCE): work submitted on a context that relies on
 * recoverable page faults must not complete with a dma_fence. The check lives in the
 * fault-vs-fence-shared-cu scenario; it must fail a driver that returns a fence for such work and
 * pass one that does not.
 */
class FencedFaultingWorkTest {
    private final ConformanceRunner runner = new ConformanceRunner(new ConformanceRunner.Options(300, 0, 60, 10_000));

    /** The template driver on hardware with recoverable faults; {@code fenceFaulting}: it fences FAULTING work too. */
    private static LoadedDriver driver(boolean fenceFaulting) {
        DriverProvider template = TemplateDriver.provider("faulting", TemplateDriver.Bug.FENCE_FOR_USERSPACE_FENCED_WORK);
        DriverDescriptor d = template.descriptor();
        DriverDescriptor faulting = new DriverDescriptor(d.id(), d.vendor(), d.kernelVersion(), d.description(),
                d.hardware().withRecoverableFaults(true), d.preemptionLatency(), d.userptr(), d.faultMitigation(),
                d.reproduces());
        DriverProvider p = new DriverProvider() {
            @Override
            public DriverDescriptor descriptor() {
                return faulting;
            }

            @Override
            public Driver create(DriverContext context) {
                Driver inner = template.create(context);
                return fenceFaulting ? inner : new Driver() {
                    @Override
                    public GpuContext openContext(String name, String engine, GpuContext.Kind kind) {
                        return inner.openContext(name, engine, kind);
                    }

                    @Override
                    public DmaFence submit(Submission s) {
                        // Completes with a userspace fence: nothing the kernel waits on.
                        return s.context().kind() == GpuContext.Kind.FAULTING ? null : inner.submit(s);
                    }
                };
            }
        };
        return new LoadedDriver(p.descriptor(), p, "test", "test");
    }

    private Result faultNoFence(boolean fenceFaulting) {
        List<Result> rs = runner.run(driver(fenceFaulting), new FaultVsFence());
        return rs.stream().filter(r -> r.rule().equals("FAULT-NO-FENCE")).findFirst().orElseThrow();
    }

    @Test
    void aDriverThatFencesFaultingWorkFailsFaultNoFence() {
        Result r = faultNoFence(true);
        assertEquals(Status.FAIL, r.status(), r.reason());
        assertTrue(r.reason().startsWith("submit() on a FAULTING context returned dma_fence"), r.reason());
    }

    @Test
    void aDriverThatDoesNotFenceFaultingWorkPassesFaultNoFence() {
        Result r = faultNoFence(false);
        assertEquals(Status.PASS, r.status(), r.reason());
    }
}
