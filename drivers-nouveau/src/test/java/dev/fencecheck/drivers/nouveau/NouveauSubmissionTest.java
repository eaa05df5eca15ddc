package dev.fencecheck.drivers.nouveau;

import static dev.fencecheck.drivers.nouveau.NouveauModelTest.assertNoDeadlock;
import static dev.fencecheck.drivers.nouveau.NouveauModelTest.explore;
import static dev.fencecheck.drivers.nouveau.NouveauModelTest.labels;
import static dev.fencecheck.drivers.nouveau.NouveauModelTest.submission;
import static dev.fencecheck.drivers.nouveau.NouveauModelTest.thread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.kernel.model.DriverModel;
import dev.fencecheck.kernel.model.ModelExploration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** (c) The pushbuf path: a submission completes, its fence signals, nothing is reported. */
class NouveauSubmissionTest {
    @Test
    void aPushbufCompletesAndItsFenceSignals() {
        Set<Integer> statuses = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = explore(DriverModel.Memory.plenty(), inst -> {
            GpuContext gr = inst.driver().openContext("gl", "gr", GpuContext.Kind.FENCED);
            thread(inst, "pushbuf", () -> {
                DmaFence f = inst.driver().submit(submission(gr, List.of("vb"), List.of(),
                        GpuStep.compute(), GpuStep.bo("vb")));
                f.await();
                statuses.add(f.status());
            });
        });
        assertNoDeadlock(r);
        assertTrue(r.exploration().complete(), "explored " + r.exploration().executions());
        assertEquals(Set.of(1), statuses);
        assertEquals(List.of(), labels(r));
    }

    @Test
    void twoChannelsSharingABufferSynchroniseAcrossEngines() {
        Set<String> order = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = explore(DriverModel.Memory.plenty(), inst -> {
            GpuContext copy = inst.driver().openContext("dma", "ce", GpuContext.Kind.FENCED);
            GpuContext gr = inst.driver().openContext("gl", "gr", GpuContext.Kind.FENCED);
            thread(inst, "client", () -> {
                DmaFence upload = inst.driver().submit(submission(copy, List.of("tex"), List.of(),
                        GpuStep.bo("tex")));
                DmaFence draw = inst.driver().submit(submission(gr, List.of("tex"), List.of(),
                        GpuStep.bo("tex")));
                draw.await();
                order.add(upload.isSignaled() ? "upload before draw" : "draw before upload");
            });
        });
        assertNoDeadlock(r);
        assertEquals(Set.of("upload before draw"), order);
        assertEquals(List.of(), labels(r));
    }

    @Test
    void aForeignDependencyIsWaitedForBeforeTheFenceIsPublished() {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ModelExploration.Result r = explore(DriverModel.Memory.plenty(), inst -> {
            GpuContext gr = inst.driver().openContext("gl", "gr", GpuContext.Kind.FENCED);
            DmaFence foreign = inst.kernel().fences().timeline("other-driver").create();
            thread(inst, "pushbuf", () -> {
                DmaFence f = inst.driver().submit(submission(gr, List.of("vb"), List.of(foreign), GpuStep.compute()));
                seen.add(foreign.isSignaled() ? "submitted after the dependency" : "submitted before it");
                f.await();
            });
            thread(inst, "other-driver", () -> {
                foreign.publish();
                foreign.signal();
            });
        });
        assertNoDeadlock(r);
        assertEquals(Set.of("submitted after the dependency"), seen);
        assertEquals(List.of(), labels(r));
    }
}
