package dev.fencecheck.exec;

/**
 * A synthetic model: {@code n} threads of {@code k} steps each. With {@code shared} false every
 * thread touches its own object, so all steps commute; with {@code shared} true every step
 * touches one common object, so every interleaving is distinct.
 */
final class IndependentThreads implements Execution {
    private final int k;
    private final int[] pc;
    private final boolean shared;

    IndependentThreads(int n, int k, boolean shared) {
        this.k = k;
        this.pc = new int[n];
        this.shared = shared;
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
        return shared ? "shared" : "object" + thread;
    }

    @Override
    public Step step(int thread) {
        pc[thread]++;
        return new Step(threadName(thread), "step " + pc[thread], "");
    }

    @Override
    public String blockedOn(int thread) {
        return "nothing";
    }
}
