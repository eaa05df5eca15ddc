package dev.fencecheck.bench;

import dev.fencecheck.exec.Execution;
import dev.fencecheck.exec.Step;

/**
 * {@code n} threads of {@code k} steps. Independent: each thread touches its own object, so one
 * execution covers every interleaving. Shared: every step touches one object, so every one of
 * the (n*k)!/(k!)^n interleavings is its own equivalence class.
 */
public final class SyntheticThreads implements Execution {
    private static final Step STEP = new Step("t", "step", "");
    private final int k;
    private final int[] pc;
    private final boolean shared;
    private final Object[] objects;

    public SyntheticThreads(int n, int k, boolean shared) {
        this.k = k;
        this.pc = new int[n];
        this.shared = shared;
        this.objects = new Object[n];
        for (int i = 0; i < n; i++) {
            objects[i] = shared ? "shared" : "object" + i;
        }
    }

    @Override
    public int threadCount() {
        return pc.length;
    }

    @Override
    public String threadName(int thread) {
        return "t" + thread;
    }

    @Override
    public boolean finished(int thread) {
        return pc[thread] == k;
    }

    @Override
    public boolean enabled(int thread) {
        return pc[thread] < k;
    }

    @Override
    public Object nextObject(int thread) {
        return objects[thread];
    }

    @Override
    public Step step(int thread) {
        pc[thread]++;
        return STEP;
    }

    @Override
    public String blockedOn(int thread) {
        return "nothing";
    }

    /** The closed-form number of interleavings: (n*k)! / (k!)^n. */
    public static long interleavings(int n, int k) {
        java.math.BigInteger total = factorial(n * k);
        java.math.BigInteger each = factorial(k).pow(n);
        return total.divide(each).longValueExact();
    }

    private static java.math.BigInteger factorial(int n) {
        java.math.BigInteger f = java.math.BigInteger.ONE;
        for (int i = 2; i <= n; i++) {
            f = f.multiply(java.math.BigInteger.valueOf(i));
        }
        return f;
    }
}
