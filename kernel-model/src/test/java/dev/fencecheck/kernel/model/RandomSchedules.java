package dev.fencecheck.kernel.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fencecheck.exec.CoopExecution;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A reference for the explorer that trusts no dependency: it runs a model under random
 * schedules, choosing uniformly among the enabled threads at every step. It only reaches states
 * that are reachable, so whatever a model records under it, the explorer must record too.
 */
final class RandomSchedules {
    private RandomSchedules() {
    }

    static void run(Consumer<ModelKernel> model, int runs, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < runs; i++) {
            CoopExecution e = new CoopExecution(10_000);
            ModelKernel k = new ModelKernel(e);
            model.accept(k);
            e.start();
            try {
                while (true) {
                    List<Integer> enabled = new ArrayList<>();
                    for (int t = 0; t < e.threadCount(); t++) {
                        if (e.enabled(t)) {
                            enabled.add(t);
                        }
                    }
                    if (enabled.isEmpty()) {
                        break;
                    }
                    e.step(enabled.get(random.nextInt(enabled.size())));
                }
                boolean deadlocked = false;
                for (int t = 0; t < e.threadCount(); t++) {
                    deadlocked |= !e.finished(t);
                }
                k.executionEnded(deadlocked);
                assertEquals(List.of(), e.failures());
            } finally {
                e.close();
            }
        }
    }
}
