package dev.fencecheck.kernel.model;

import dev.fencecheck.exec.CoopExecution;
import dev.fencecheck.exec.ExplorationResult;
import dev.fencecheck.exec.Explorer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Explores a model written in Java: every execution builds a fresh kernel (its own validator,
 * primed as at boot) and the model's threads, and the explorer enumerates their interleavings.
 * The result has the first deadlock, every distinct finding with the first schedule that led to
 * it, and every distinct failure of the model's own code.
 */
public final class ModelExploration {
    private ModelExploration() {
    }

    /**
     * @param exploration executions, completeness, the first deadlock
     * @param findings    each distinct finding (by label and message) with the first schedule
     * @param failures    exceptions thrown by model code, each once, as one line naming the thread
     * @param thrown      the exceptions thrown by model code, each once (for acting on their type)
     */
    public record Result(ExplorationResult exploration, List<ModelKernel.ScheduledFinding> findings,
                         List<String> failures, List<Throwable> thrown) {
    }

    /**
     * @param model declares the model's services and threads on a fresh kernel
     */
    public static Result explore(Consumer<ModelKernel> model, long maxExecutions, long seed, long stepTimeoutMillis) {
        Map<CoopExecution, ModelKernel> kernels = new IdentityHashMap<>();
        Map<String, ModelKernel.ScheduledFinding> findings = new LinkedHashMap<>();
        Set<String> failures = new LinkedHashSet<>();
        Map<String, Throwable> thrown = new LinkedHashMap<>();
        Explorer explorer = new Explorer(() -> {
            CoopExecution e = new CoopExecution(stepTimeoutMillis);
            ModelKernel k = new ModelKernel(e);
            model.accept(k);
            kernels.put(e, k);
            return e.start();
        }, maxExecutions, 0, seed);
        explorer.onExecutionEnd((execution, deadlocked) -> {
            ModelKernel k = kernels.remove((CoopExecution) execution);
            if (k == null) {
                return;
            }
            k.executionEnded(deadlocked);
            for (ModelKernel.ScheduledFinding f : k.findings()) {
                findings.putIfAbsent(f.finding().label() + "|" + f.finding().message(), f);
            }
            failures.addAll(k.execution().failures());
            k.execution().thrown().forEach(e -> thrown.putIfAbsent(String.valueOf(e), e));
        });
        ExplorationResult r = explorer.explore();
        return new Result(r, new ArrayList<>(findings.values()), new ArrayList<>(failures),
                new ArrayList<>(thrown.values()));
    }
}
