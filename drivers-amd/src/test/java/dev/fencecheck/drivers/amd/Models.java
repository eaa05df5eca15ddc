package dev.fencecheck.drivers.amd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fencecheck.api.DriverPlugin;
import dev.fencecheck.api.DriverProvider;
import dev.fencecheck.kernel.model.DriverModel;
import dev.fencecheck.kernel.model.ModelExploration;
import dev.fencecheck.kernel.model.ModelKernel;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Runs the plugin's drivers in the kernel model, with small budgets. */
final class Models {
    static final long BUDGET = 300;
    static final long STEP_TIMEOUT_MILLIS = 10_000;
    static final long USERPTR = 0x10000;
    static final long PAGE = 0x1000;

    private Models() {
    }

    static DriverProvider provider(String id) {
        for (DriverPlugin plugin : ServiceLoader.load(DriverPlugin.class)) {
            for (DriverProvider p : plugin.drivers()) {
                if (p.descriptor().id().equals(id)) {
                    return p;
                }
            }
        }
        throw new AssertionError("no driver " + id);
    }

    static ModelExploration.Result explore(String id, DriverModel.Memory memory, long budget,
                                           Consumer<DriverModel.Instance> threads) {
        ModelExploration.Result r = DriverModel.explore(provider(id), memory, threads, budget, STEP_TIMEOUT_MILLIS);
        assertEquals(List.of(), r.failures(), "model code failed");
        return r;
    }

    /** With the explorer's thread preference permuted by {@code seed}, to reach other corners early. */
    static ModelExploration.Result exploreSeeded(String id, long seed, long budget,
                                                 Consumer<DriverModel.Instance> threads) {
        DriverProvider provider = provider(id);
        ModelExploration.Result r = ModelExploration.explore(
                k -> DriverModel.build(k, provider, DriverModel.Memory.plenty(), threads), budget, seed,
                STEP_TIMEOUT_MILLIS);
        assertEquals(List.of(), r.failures(), "model code failed");
        return r;
    }

    static ModelExploration.Result explore(String id, Consumer<DriverModel.Instance> threads) {
        return explore(id, DriverModel.Memory.plenty(), BUDGET, threads);
    }

    static List<String> labels(ModelExploration.Result r) {
        return r.findings().stream().map(f -> f.finding().label()).distinct().collect(Collectors.toList());
    }

    static List<ModelKernel.ScheduledFinding> withRule(ModelExploration.Result r, String rule) {
        return r.findings().stream().filter(f -> rule.equals(f.finding().rule())).collect(Collectors.toList());
    }

    static String describe(ModelExploration.Result r) {
        StringBuilder b = new StringBuilder("executions=" + r.exploration().executions() + " complete="
                + r.exploration().complete() + " deadlock=" + (r.exploration().deadlock() == null ? "none"
                : r.exploration().deadlock().blocked()) + "\n");
        for (ModelKernel.ScheduledFinding f : r.findings()) {
            b.append(f.finding().label()).append(" [").append(f.finding().thread()).append("] ")
                    .append(f.finding().message()).append('\n');
        }
        return b.toString();
    }
}
