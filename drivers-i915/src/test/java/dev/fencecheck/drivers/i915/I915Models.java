package dev.fencecheck.drivers.i915;

import dev.fencecheck.api.DriverProvider;
import dev.fencecheck.kernel.model.DriverModel;
import dev.fencecheck.kernel.model.ModelExploration;
import java.util.List;
import java.util.function.Consumer;

/** Small explorations of the i915 models. */
final class I915Models {
    static final long BUDGET = Long.getLong("budget", 150);
    static final long STEP_TIMEOUT_MS = 10_000;

    private I915Models() {
    }

    static DriverProvider provider(String id) {
        return new I915Plugin().drivers().stream().filter(p -> p.descriptor().id().equals(id)).findFirst()
                .orElseThrow();
    }

    static ModelExploration.Result explore(String id, DriverModel.Memory memory,
                                           Consumer<DriverModel.Instance> threads) {
        return explore(id, memory, threads, BUDGET);
    }

    static ModelExploration.Result explore(String id, DriverModel.Memory memory,
                                           Consumer<DriverModel.Instance> threads, long budget) {
        ModelExploration.Result r = DriverModel.explore(provider(id), memory, threads, budget, STEP_TIMEOUT_MS);
        if (!r.failures().isEmpty()) {
            throw new AssertionError("model code failed: " + r.failures());
        }
        return r;
    }

    static List<String> labels(ModelExploration.Result r) {
        return r.findings().stream().map(f -> f.finding().label()).toList();
    }

    static List<String> rules(ModelExploration.Result r) {
        return r.findings().stream().map(f -> f.finding().rule()).filter(java.util.Objects::nonNull).toList();
    }

    static String describe(ModelExploration.Result r) {
        StringBuilder sb = new StringBuilder("executions=" + r.exploration().executions() + " complete="
                + r.exploration().complete() + " deadlock=" + r.exploration().deadlock() + "\n");
        for (var f : r.findings()) {
            sb.append(f.finding().label()).append(": ").append(f.finding().message()).append('\n');
        }
        return sb.toString();
    }
}
