package dev.fencecheck.kernel.model;

import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The scheduling object of a kernel object of this package: equal across executions for the
 * object built in the same order, so that the explorer, which compares step objects with
 * {@code equals()} over replays of a schedule, sees the same object in every execution.
 * Distinct objects of one execution have distinct keys.
 */
record ModelKey(String name) {
    private static final Map<ModelKernel, Map<String, Integer>> COUNTERS =
            java.util.Collections.synchronizedMap(new WeakHashMap<>()); // explorations may run in parallel

    /** The next key of {@code kind} on {@code kernel}: {@code "mm#1"}, {@code "mm#2"}, ... */
    static synchronized ModelKey next(ModelKernel kernel, String kind) {
        int n = COUNTERS.computeIfAbsent(kernel, k -> new HashMap<>()).merge(kind, 1, Integer::sum);
        return new ModelKey(kind + "#" + n);
    }

    @Override
    public String toString() {
        return name;
    }
}
