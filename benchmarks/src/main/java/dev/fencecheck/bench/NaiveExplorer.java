package dev.fencecheck.bench;

import dev.fencecheck.exec.Execution;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The baseline: every interleaving, no reduction, replayed from the initial state like the
 * real explorer. Counts executions.
 */
public final class NaiveExplorer {
    private NaiveExplorer() {
    }

    public static long explore(Supplier<? extends Execution> factory, long max) {
        List<Integer> prefix = new ArrayList<>();
        List<Integer> choiceCount = new ArrayList<>();
        long executions = 0;
        while (executions < max) {
            Execution e = factory.get();
            for (int t : prefix) {
                e.step(t);
            }
            // Run to the end, always taking the first enabled thread.
            while (true) {
                int first = -1;
                int count = 0;
                for (int t = 0; t < e.threadCount(); t++) {
                    if (e.enabled(t)) {
                        if (first < 0) {
                            first = t;
                        }
                        count++;
                    }
                }
                if (first < 0) {
                    break;
                }
                prefix.add(first);
                choiceCount.add(count);
                e.step(first);
            }
            executions++;
            // Next: bump the deepest choice that has an untried alternative.
            boolean advanced = false;
            while (!prefix.isEmpty()) {
                int i = prefix.size() - 1;
                Execution probe = factory.get();
                for (int j = 0; j < i; j++) {
                    probe.step(prefix.get(j));
                }
                int nextThread = -1;
                for (int t = prefix.get(i) + 1; t < probe.threadCount(); t++) {
                    if (probe.enabled(t)) {
                        nextThread = t;
                        break;
                    }
                }
                prefix.remove(i);
                choiceCount.remove(i);
                if (nextThread >= 0) {
                    prefix.add(nextThread);
                    choiceCount.add(0);
                    advanced = true;
                    break;
                }
            }
            if (!advanced) {
                break;
            }
        }
        return executions;
    }
}
