package dev.fencecheck.kernel.modeltest;

import dev.fencecheck.kernel.model.ModelKernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Mutex;
import dev.fencecheck.exec.CoopExecution;
import dev.fencecheck.exec.ExplorationResult;
import dev.fencecheck.exec.Explorer;
import dev.fencecheck.exec.ModelHangException;
import dev.fencecheck.exec.Step;
import dev.fencecheck.lockdep.ExecContext;
import dev.fencecheck.lockdep.FindingKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Driver-style Java code on the cooperative executor: locks block for real, lockdep watches. */
class ModelLocksExplorationTest {

    /** Two threads taking two mutexes in opposite orders, written as kernel code is. */
    private static CoopExecution abba(List<ModelKernel> kernels) {
        CoopExecution e = new CoopExecution(10_000);
        ModelKernel k = new ModelKernel(e);
        kernels.add(k);
        Mutex a = k.locks().mutex("a_lock");
        Mutex b = k.locks().mutex("b_lock");
        k.thread("t1", ExecContext.TASK, () -> {
            try (Held ha = a.lock(); Held hb = b.lock()) {
                k.mightSleep();
            }
        });
        k.thread("t2", ExecContext.TASK, () -> {
            try (Held hb = b.lock(); Held ha = a.lock()) {
                k.mightSleep();
            }
        });
        return e.start();
    }

    @Test
    void theExplorerFindsTheAbbaDeadlockInJavaCodeAndLockdepSeesTheCycle() {
        List<ModelKernel> kernels = new ArrayList<>();
        ExplorationResult r = new Explorer(() -> abba(kernels), 1000, 0, 0).explore();
        ExplorationResult.Deadlock d = r.deadlock();
        assertNotNull(d);
        assertEquals(List.of("t1", "t2"), d.schedule().stream().map(Step::thread).distinct().sorted().toList());
        assertTrue(d.blocked().get(0).contains("waiting for b_lock, held by t2"), d.blocked().toString());
        assertTrue(r.complete());
        assertTrue(kernels.stream().flatMap(k -> k.findings().stream())
                .anyMatch(f -> f.finding().kind() == FindingKind.CIRCULAR_DEPENDENCY));
    }

    @Test
    void everyExecutionComparesObjectsOfItsOwnRunSoBothLockOrdersAreExplored() {
        List<ModelKernel> kernels = new ArrayList<>();
        java.util.Set<String> firstLockTakers = new java.util.TreeSet<>();
        new Explorer(() -> abba(kernels), 1000, 0, 0)
                .onExecutionEnd((execution, deadlocked) -> firstLockTakers.add(
                        ((CoopExecution) execution).schedule().get(0).thread()))
                .explore();
        assertEquals(java.util.Set.of("t1", "t2"), firstLockTakers);
    }

    @Test
    void consistentOrderIsFreeOfDeadlocksAndFindings() {
        List<ModelKernel> kernels = new ArrayList<>();
        ExplorationResult r = new Explorer(() -> {
            CoopExecution e = new CoopExecution(10_000);
            ModelKernel k = new ModelKernel(e);
            kernels.add(k);
            Mutex a = k.locks().mutex("a_lock");
            Mutex b = k.locks().mutex("b_lock");
            for (String name : List.of("t1", "t2")) {
                k.thread(name, ExecContext.TASK, () -> {
                    try (Held ha = a.lock(); Held hb = b.lock()) {
                        k.mightSleep();
                    }
                });
            }
            return e.start();
        }, 1000, 0, 0).explore();
        assertNull(r.deadlock());
        assertTrue(r.complete());
        assertTrue(kernels.stream().allMatch(k -> k.findings().isEmpty()));
    }

    @Test
    void modelCodeThatNeverReachesAKernelOperationIsAHangNotAHungBuild() {
        CoopExecution e = new CoopExecution(200);
        ModelKernel k = new ModelKernel(e);
        k.thread("spinner", ExecContext.TASK, () -> {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
        });
        ModelHangException hang = assertThrows(ModelHangException.class, e::start);
        assertTrue(hang.getMessage().contains("thread spinner"), hang.getMessage());
    }

    @Test
    void aThrowingBodyFinishesItsThreadAndIsReported() {
        CoopExecution e = new CoopExecution(10_000);
        ModelKernel k = new ModelKernel(e);
        Mutex a = k.locks().mutex("a_lock");
        k.thread("buggy", ExecContext.TASK, () -> {
            try (Held h = a.lock()) {
                throw new IllegalStateException("driver bug");
            }
        });
        e.start();
        e.step(0);
        e.step(0);
        assertTrue(e.finished(0));
        assertEquals(1, e.failures().size());
        assertTrue(e.failures().get(0).contains("driver bug"));
        e.close();
    }
}
