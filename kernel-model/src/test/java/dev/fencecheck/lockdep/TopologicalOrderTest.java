package dev.fencecheck.lockdep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random dependencies between a few classes, in random order, in all read modes, so that
 * cycles (strong and not), orders repaired by moving one class to an end and orders repaired
 * by Pearce-Kelly all happen: the reports and the graph are the same with the topological
 * order as with lockdep's search for every new dependency.
 */
class TopologicalOrderTest {
    private static final ReadMode[] MODES = ReadMode.values();

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void sameReportsAsAFullSearchPerDependency(int seed) {
        List<List<String>> ordered = new ArrayList<>();
        List<List<String>> searched = new ArrayList<>();
        LockValidator a = run(ValidatorOptions.defaults(), seed, ordered);
        LockValidator b = run(ValidatorOptions.defaults().withTopologicalOrder(false), seed, searched);
        assertEquals(searched, ordered);
        assertEquals(b.dependencyCount(), a.dependencyCount());
        assertTrue(a.dependencyCount() > 50);
    }

    private static LockValidator run(ValidatorOptions options, int seed, List<List<String>> reports) {
        LockValidator v = new LockValidator(options, f -> reports.add(f.report()));
        SplittableRandom random = new SplittableRandom(seed);
        int classes = 12 + random.nextInt(30);
        Lock[] locks = new Lock[classes];
        for (int i = 0; i < classes; i++) {
            locks[i] = v.newLock("L" + i, v.newClass("L" + i), false, false);
        }
        LockThread t = v.newThread("t", ExecContext.TASK);
        Site site = Site.of("test", "random dependency");
        // Mostly along a hidden order, now and then against it.
        int[] rank = random.ints(0, 1000).limit(classes).toArray();
        for (int k = 0; k < 6 * classes; k++) {
            int x = random.nextInt(classes);
            int y = random.nextInt(classes);
            if (x == y) {
                continue;
            }
            boolean along = rank[x] < rank[y] || random.nextInt(20) == 0;
            Lock outer = along ? locks[x] : locks[y];
            Lock inner = along ? locks[y] : locks[x];
            v.acquire(t, outer, MODES[random.nextInt(3)], false, null, site);
            v.acquire(t, inner, MODES[random.nextInt(3)], false, null, site);
            v.release(t, inner, site);
            v.release(t, outer, site);
        }
        return v;
    }
}
