package dev.fencecheck.bench;

import dev.fencecheck.exec.Execution;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The Mazurkiewicz equivalence classes of a model's executions, computed without any
 * partial-order reduction: every interleaving is enumerated and reduced to a canonical
 * representative of its class, and the distinct representatives are counted. This is the
 * denominator of the redundancy ratio (explored executions per class), so it must not share
 * code with the explorers it judges.
 *
 * <p>Two steps depend on each other when they belong to one thread, or touch one object and are
 * not both reads. The representative is the lexicographically least linearisation of that
 * partial order (at every point, the lowest-numbered thread whose next step has all its
 * dependencies done), with each step's outcome, and whether the execution ended blocked.
 */
final class EquivalenceClasses {
    private EquivalenceClasses() {
    }

    /** The classes of every complete or blocked execution of the model. */
    static Set<String> ofAllInterleavings(Supplier<? extends Execution> factory) {
        Set<String> classes = new HashSet<>();
        enumerate(factory, new ArrayList<>(), classes);
        return classes;
    }

    /** Depth-first over every enabled thread at every state; each state is replayed from the start. */
    private static void enumerate(Supplier<? extends Execution> factory, List<Integer> prefix, Set<String> out) {
        RecordingExecution e = replay(factory, prefix);
        try {
            List<Integer> enabled = new ArrayList<>();
            for (int t = 0; t < e.threadCount(); t++) {
                if (e.enabled(t)) {
                    enabled.add(t);
                }
            }
            if (enabled.isEmpty()) {
                out.add(canonical(e.events(), blocked(e)));
                return;
            }
            for (int t : enabled) {
                prefix.add(t);
                enumerate(factory, prefix, out);
                prefix.remove(prefix.size() - 1);
            }
        } finally {
            e.close();
        }
    }

    private static RecordingExecution replay(Supplier<? extends Execution> factory, List<Integer> prefix) {
        RecordingExecution e = new RecordingExecution(factory.get());
        for (int t : prefix) {
            e.step(t);
        }
        return e;
    }

    static boolean blocked(Execution e) {
        for (int t = 0; t < e.threadCount(); t++) {
            if (!e.finished(t)) {
                return true;
            }
        }
        return false;
    }

    static boolean dependent(RecordingExecution.Event a, RecordingExecution.Event b) {
        return a.thread() == b.thread()
                || (a.object() != null && a.object().equals(b.object()) && !(a.read() && b.read()));
    }

    /** The class of one execution: its least linearisation under the dependency order. */
    static String canonical(List<RecordingExecution.Event> events, boolean blocked) {
        int n = events.size();
        if (n > 64) {
            throw new IllegalArgumentException("executions of more than 64 steps: " + n);
        }
        long[] before = new long[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                if (dependent(events.get(j), events.get(i))) {
                    before[i] |= 1L << j;
                }
            }
        }
        long emitted = 0L;
        StringBuilder key = new StringBuilder(blocked ? "blocked:" : "done:");
        for (int round = 0; round < n; round++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if ((emitted & (1L << i)) == 0 && (before[i] & ~emitted) == 0
                        && (best < 0 || events.get(i).thread() < events.get(best).thread())) {
                    best = i;
                }
            }
            emitted |= 1L << best;
            RecordingExecution.Event e = events.get(best);
            key.append(e.thread()).append(':').append(e.operation()).append(';');
        }
        return key.toString();
    }
}
