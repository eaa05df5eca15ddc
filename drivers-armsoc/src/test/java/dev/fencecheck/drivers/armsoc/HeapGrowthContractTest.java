package dev.fencecheck.drivers.armsoc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Preemption;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.kernel.model.DriverModel;
import dev.fencecheck.kernel.model.ModelExploration;
import dev.fencecheck.lockdep.ExecContext;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The drivers whose descriptor claims recoverable faults (panfrost, v3d, lima) resolve exactly the
 * faults they back on demand (the tiler heap, the binner overflow pool, the PLBU heap), inside the
 * fence signalling path of the faulting job, and treat every other fault as fatal. They have no
 * userptr, no preemption and no FAULTING contexts.
 */
class HeapGrowthContractTest {
    /**
     * The faulting engine's job completes: the handler ran (its dma_resv or vm->lock finding names
     * the fault worker) and the replayed access succeeded.
     */
    @ParameterizedTest
    @CsvSource({"panfrost,js1,MapFaultAddrResv", "v3d,render,V3dBoCreate", "lima,gp,LimaHeap"})
    void theFaultHandlerBacksTheHeapAndTheJobCompletes(String id, String engine, String handler) {
        Set<String> statuses = Models.statuses();
        ModelExploration.Result r = Models.explore(id, DriverModel.Memory.plenty(),
                Models.submission(engine, List.of(GpuStep.compute(), GpuStep.bo("bo0")), statuses));
        Models.assertSound(r);
        assertEquals(Set.of("1"), statuses, Models.describe(r));
        assertTrue(r.findings().stream().anyMatch(f -> f.finding().message().contains("gpu-fault/")
                && f.finding().message().contains(handler)), Models.describe(r));
    }

    /** A job that faults anywhere else is cancelled with -EFAULT; its fence still signals. */
    @ParameterizedTest
    @CsvSource({"panfrost,js0", "v3d,tfu", "lima,pp"})
    void aFaultOutsideTheHeapIsFatal(String id, String engine) {
        Set<String> statuses = Models.statuses();
        ModelExploration.Result r = Models.explore(id, DriverModel.Memory.plenty(),
                Models.submission(engine, List.of(GpuStep.compute(), GpuStep.userptr(0x200000)), statuses));
        Models.assertSound(r);
        assertEquals(Set.of("-14"), statuses, Models.describe(r));
    }

    /**
     * With 24 free pages, the hardware fence's page is found but the heap's growth is not (the
     * model has nothing to reclaim): the handler fails and the faulting job ends with -EFAULT,
     * without a deadlock. (v3d's render job still runs after its failed bin job: drm_sched does
     * not cancel a job whose dependency failed.)
     */
    @ParameterizedTest
    @CsvSource({"panfrost,js1,-14", "v3d,render,1", "lima,gp,-14"})
    void aHeapGrowthThatCannotAllocateFailsTheJobWithoutDeadlock(String id, String engine, String status) {
        Set<String> statuses = Models.statuses();
        ModelExploration.Result r = Models.explore(id, new DriverModel.Memory(1024, 1000),
                Models.submission(engine, List.of(GpuStep.compute()), statuses));
        Models.assertSound(r);
        assertEquals(Set.of(status), statuses, Models.describe(r));
    }

    @ParameterizedTest
    @ValueSource(strings = {"panfrost", "v3d", "lima"})
    void noUserptrNoPreemptionNoFaultingContexts(String id) {
        Set<String> checked = Models.statuses();
        ModelExploration.Result r = Models.explore(id, DriverModel.Memory.plenty(), i -> {
            assertNotNull(i.driver().faultHandler());
            assertSame(Preemption.NONE, i.driver().preemption());
            i.kernel().thread("ioctl", ExecContext.TASK, () -> {
                GpuContext ctx = i.driver().openContext("gfx0", Models.graphics(i), GpuContext.Kind.FENCED);
                assertThrows(UnsupportedOperationException.class, () -> i.driver().createUserptr("u",
                        new Submission.UserptrRange(0x100000, 0x1000)));
                assertThrows(UnsupportedOperationException.class,
                        () -> i.driver().openContext("svm0", Models.graphics(i), GpuContext.Kind.FAULTING));
                assertThrows(UnsupportedOperationException.class,
                        () -> i.driver().openContext("lr0", Models.graphics(i), GpuContext.Kind.LONG_RUNNING));
                checked.add(ctx.name());
            });
        }, 1);
        Models.assertSound(r);
        assertEquals(Set.of("gfx0"), checked);
    }
}
