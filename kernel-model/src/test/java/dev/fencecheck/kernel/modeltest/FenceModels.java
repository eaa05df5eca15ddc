package dev.fencecheck.kernel.modeltest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.exec.CoopExecution;
import dev.fencecheck.kernel.model.ModelFences;
import dev.fencecheck.kernel.model.ModelKernel;
import dev.fencecheck.kernel.model.ModelReservations;
import dev.fencecheck.lockdep.ExecContext;
import java.util.List;
import java.util.function.Consumer;

/** Builds models with the fence and reservation services, and runs one thread of them alone. */
final class FenceModels {
    private FenceModels() {
    }

    /** A kernel of a new execution with fences and reservations installed. */
    static ModelKernel kernel(CoopExecution e) {
        ModelKernel k = new ModelKernel(e);
        k.install(new ModelFences(k), new ModelReservations(k), null, null);
        return k;
    }

    /** What a lone task thread left behind: its kernel (with findings) and its failures. */
    record Solo(ModelKernel kernel, List<String> failures) {
        List<String> labels() {
            return kernel.findings().stream().map(f -> f.finding().label()).toList();
        }
    }

    /** Runs {@code body} as the only task thread, to its end; it must never block for good. */
    static Solo alone(Consumer<ModelKernel> body) {
        CoopExecution e = new CoopExecution(10_000);
        ModelKernel k = kernel(e);
        k.thread("t", ExecContext.TASK, () -> body.accept(k));
        e.start();
        try {
            while (!e.finished(0)) {
                assertTrue(e.enabled(0), () -> "thread blocked for good: " + e.blockedOn(0));
                e.step(0);
            }
            return new Solo(k, e.failures());
        } finally {
            e.close();
        }
    }
}
