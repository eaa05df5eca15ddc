package dev.fencecheck.drivers.armsoc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.fencecheck.api.DriverProvider;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.kernel.model.DriverModel;
import dev.fencecheck.kernel.model.ModelExploration;
import dev.fencecheck.kernel.model.ModelKernel;
import dev.fencecheck.lockdep.ExecContext;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Small explorations of the armsoc drivers inside the kernel model. */
final class Models {
    /** Executions per exploration: enough for the findings, small enough for seconds. */
    static final long BUDGET = 200;
    static final long STEP_TIMEOUT_MS = 10_000;

    /** Every driver id the plugin offers. */
    static final List<String> IDS = List.of("panfrost", "panfrost@5.8", "etnaviv", "msm", "msm@6.1", "v3d", "lima");

    private Models() {
    }

    static DriverProvider provider(String id) {
        for (DriverProvider p : new ArmSocPlugin().drivers()) {
            if (p.descriptor().id().equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no driver " + id);
    }

    static ModelExploration.Result explore(String id, DriverModel.Memory memory,
                                           Consumer<DriverModel.Instance> threads) {
        return explore(id, memory, threads, BUDGET);
    }

    static ModelExploration.Result explore(String id, DriverModel.Memory memory,
                                           Consumer<DriverModel.Instance> threads, long budget) {
        return DriverModel.explore(provider(id), memory, threads, budget, STEP_TIMEOUT_MS);
    }

    /** The rule ids of the findings (a finding without a rule: its kind's label). */
    static Set<String> rules(ModelExploration.Result r) {
        Set<String> out = new TreeSet<>();
        for (ModelKernel.ScheduledFinding f : r.findings()) {
            out.add(f.finding().rule() != null ? f.finding().rule() : f.finding().label());
        }
        return out;
    }

    /** Whether some finding of {@code rule} names {@code text} in its message. */
    static boolean found(ModelExploration.Result r, String rule, String text) {
        return r.findings().stream().anyMatch(f -> rule.equals(f.finding().rule())
                && f.finding().message().contains(text));
    }

    static String describe(ModelExploration.Result r) {
        StringBuilder b = new StringBuilder();
        b.append("executions=").append(r.exploration().executions()).append(" deadlock=")
                .append(r.exploration().deadlock()).append(" failures=").append(r.failures());
        for (ModelKernel.ScheduledFinding f : r.findings()) {
            b.append("\n  ").append(f.finding().label()).append(": ").append(f.finding().message());
        }
        return b.toString();
    }

    /** No deadlock and no exception from model or driver code. */
    static void assertSound(ModelExploration.Result r) {
        assertNull(r.exploration().deadlock(), describe(r));
        assertEquals(List.of(), r.failures(), describe(r));
    }

    /** The engine the conformance suite uses for graphics work: the first one. */
    static String graphics(DriverModel.Instance i) {
        return i.descriptor().hardware().engines().get(0);
    }

    /**
     * One ioctl thread: open a context on {@code engine} (null: the graphics engine), submit a job
     * over {@code bo0} with {@code steps}, wait for its fence and record its status ("failed" if
     * the ioctl failed).
     */
    static Consumer<DriverModel.Instance> submission(String engine, List<GpuStep> steps, Set<String> statuses) {
        return i -> i.kernel().thread("ioctl", ExecContext.TASK, () -> {
            String e = engine != null ? engine : graphics(i);
            GpuContext ctx = i.driver().openContext("gfx0", e, GpuContext.Kind.FENCED);
            DmaFence f = i.driver().submit(new Submission(ctx, List.of("bo0"), List.of(), List.of(), steps));
            if (f == null) {
                statuses.add("failed");
                return;
            }
            f.await();
            statuses.add(String.valueOf(f.status()));
        });
    }

    static Set<String> statuses() {
        return ConcurrentHashMap.newKeySet();
    }
}
