package dev.fencecheck.drivers.nouveau;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.function.Consumer;

/** Helpers for running the nouveau model on the explorer. */
final class NouveauModelTest {
    static final long USERPTR = 0x10000;
    static final long PAGE = 0x1000;
    static final int EFAULT = -14;
    static final long BUDGET = 400;
    static final long STEP_TIMEOUT_MS = 10_000;

    private NouveauModelTest() {
    }

    static ModelExploration.Result explore(DriverModel.Memory memory, Consumer<DriverModel.Instance> threads) {
        ModelExploration.Result r = DriverModel.explore(new NouveauProvider(), memory, threads, BUDGET, STEP_TIMEOUT_MS);
        assertEquals(List.of(), r.failures());
        return r;
    }

    static List<String> labels(ModelExploration.Result r) {
        return r.findings().stream().map(f -> f.finding().label()).distinct().toList();
    }

    static Set<String> rules(ModelExploration.Result r) {
        Set<String> rules = ConcurrentHashMap.newKeySet();
        r.findings().stream().map(f -> f.finding().rule()).filter(x -> x != null).forEach(rules::add);
        return rules;
    }

    static Submission submission(GpuContext ctx, List<String> buffers, List<DmaFence> deps, GpuStep... steps) {
        return new Submission(ctx, buffers, List.of(), deps, List.of(steps));
    }

    static Submission userptrSubmission(GpuContext ctx, GpuStep... steps) {
        return new Submission(ctx, List.of("vb"), List.of(new Submission.UserptrRange(USERPTR, PAGE)), List.of(),
                List.of(steps));
    }

    /** A task thread of the model. */
    static void thread(DriverModel.Instance inst, String name, Runnable body) {
        inst.kernel().thread(name, ExecContext.TASK, body);
    }

    static void assertNoDeadlock(ModelExploration.Result r) {
        assertNull(r.exploration().deadlock(), () -> "deadlock: " + r.exploration().deadlock().blocked()
                + "\n" + r.exploration().deadlock().scheduleString());
    }

    static void assertNoRule(ModelExploration.Result r, String rule) {
        assertFalse(rules(r).contains(rule), () -> rule + " in " + labels(r));
    }

    static void assertRule(ModelExploration.Result r, String rule) {
        assertTrue(rules(r).contains(rule), () -> rule + " missing from " + labels(r));
    }
}
