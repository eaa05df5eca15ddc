package dev.fencecheck.bench;

import java.util.SplittableRandom;

/**
 * Seeded streams of new dependencies {@code from[i] -> to[i]} between class indexes, for the
 * new-dependency benchmarks. Classes are registered in index order, which is also the order a
 * dynamic topological order starts from. Both streams are acyclic.
 */
record DependencyStreams(int[] from, int[] to) {

    /**
     * Adversarial: a random DAG with 4 x classes edges between uniformly random pairs, oriented
     * by a hidden random rank that has nothing to do with the registration order, and inserted
     * in random order, so that the topological order must be repaired again and again.
     */
    static DependencyStreams adversarial(int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] rank = random.ints(0, Integer.MAX_VALUE).limit(classes).toArray();
        int edges = 4 * classes;
        int[] from = new int[edges];
        int[] to = new int[edges];
        for (int e = 0; e < edges; e++) {
            int a = random.nextInt(classes);
            int b = random.nextInt(classes);
            while (b == a) {
                b = random.nextInt(classes);
            }
            boolean forward = rank[a] < rank[b] || (rank[a] == rank[b] && a < b);
            from[e] = forward ? a : b;
            to[e] = forward ? b : a;
        }
        return new DependencyStreams(from, to);
    }

    /**
     * Kernel-like: lock paths inside subsystems of 64 classes (each path nests 1 to 5 of its
     * subsystem's locks in their order), half of them ending in one or two core locks that every
     * subsystem nests inside (allocator, scheduler, RCU: 1/16 of the classes but at most 512,
     * after all others in the lock order), giving 4 x classes dependencies. Reachability stays bounded, as in a
     * real lockdep graph. Classes are registered in the order they are first taken, as lockdep
     * registers them, so the core classes, taken by the first paths already, come early in the
     * registration order although they are innermost in the lock order.
     */
    static DependencyStreams kernelLike(int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int core = Math.min(Math.max(classes / 16, 2), 512);
        int subsystems = Math.max((classes - core) / 64, 1);
        int edges = 4 * classes;
        int[] from = new int[edges];
        int[] to = new int[edges];
        int[] registered = new int[classes];
        java.util.Arrays.fill(registered, -1);
        int[] path = new int[8];
        int next = 0;
        int e = 0;
        while (e < edges) {
            int base = 64 * random.nextInt(subsystems);
            int end = Math.min(base + 64, classes - core);
            int n = 0;
            int hidden = base + random.nextInt(end - base);
            for (int i = 1 + random.nextInt(5); i > 0 && hidden < end; i--) {
                path[n++] = hidden;
                hidden += 1 + random.nextInt(16);
            }
            if (random.nextBoolean()) {
                hidden = classes - core + random.nextInt(core);
                for (int i = 1 + random.nextInt(2); i > 0 && hidden < classes; i--) {
                    path[n++] = hidden;
                    hidden += 1 + random.nextInt(64);
                }
            }
            for (int i = 0; i < n; i++) {
                if (registered[path[i]] < 0) {
                    registered[path[i]] = next++;
                }
                if (i > 0 && e < edges) {
                    from[e] = registered[path[i - 1]];
                    to[e] = registered[path[i]];
                    e++;
                }
            }
        }
        return new DependencyStreams(from, to);
    }

    int size() {
        return from.length;
    }
}
