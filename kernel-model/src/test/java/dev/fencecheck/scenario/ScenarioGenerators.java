package dev.fencecheck.scenario;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik arbitraries for valid scenario files over all operations, lock kinds, contexts,
 * shrinkers and notifiers, biased towards fence, reclaim and read-lock interactions.
 */
final class ScenarioGenerators {
    private static final List<String> KINDS = List.of("mutex", "spinlock", "rwsem", "rwlock", "ww_mutex", "map");
    private static final List<String> LOCKS = List.of("A", "B", "C", "D", "mmap_lock", "dma_resv", "fs_reclaim");
    private static final List<String> CONTEXTS = List.of("process", "process", "process", "kthread", "softirq",
            "hardirq");

    private ScenarioGenerators() {
    }

    static Arbitrary<String> scenarios() {
        Arbitrary<List<String>> kinds = Arbitraries.of(KINDS).list().ofSize(4);
        Arbitrary<List<Boolean>> shared = Arbitraries.of(true, false).list().ofSize(4);
        Arbitrary<List<List<String>>> threads = body().list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<List<String>> contexts = Arbitraries.of(CONTEXTS).list().ofSize(4);
        Arbitrary<List<String>> shrinker = body().injectNull(0.6);
        Arbitrary<List<String>> notifier = body().injectNull(0.6);
        return Combinators.combine(kinds, shared, threads, contexts, shrinker, notifier)
                .as(ScenarioGenerators::render);
    }

    private static Arbitrary<List<String>> body() {
        return op().list().ofMinSize(1).ofMaxSize(14);
    }

    private static Arbitrary<String> op() {
        Arbitrary<String> lock = Arbitraries.of(LOCKS);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, lock.map(l -> "lock " + l)),
                net.jqwik.api.Tuple.of(3, lock.map(l -> "read " + l)),
                net.jqwik.api.Tuple.of(3, lock.map(l -> "read_recursive " + l)),
                net.jqwik.api.Tuple.of(2, lock.map(l -> "trylock " + l)),
                net.jqwik.api.Tuple.of(7, lock.map(l -> "unlock " + l)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("ww_acquire ctx")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("ww_lock R1 ctx ctx", "ww_lock R2 ctx ctx")),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("ww_release ctx")),
                net.jqwik.api.Tuple.of(3, Arbitraries.of("GFP_KERNEL", "GFP_NOFS", "GFP_NOIO", "GFP_NOWAIT",
                        "GFP_ATOMIC").map(g -> "alloc " + g)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("nofs_save", "nofs_restore", "noio_save", "noio_restore",
                        "noreclaim_save", "noreclaim_restore")),
                net.jqwik.api.Tuple.of(3, Arbitraries.of("begin_signalling", "end_signalling")),
                net.jqwik.api.Tuple.of(2, Arbitraries.of("F", "G").map(f -> "wait " + f)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of("F", "G").map(f -> "signal " + f)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("F", "G").map(f -> "publish " + f)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("irq_disable", "irq_enable", "bh_disable", "bh_enable",
                        "might_sleep")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("reclaim", "invalidate")));
    }

    private static String render(List<String> kinds, List<Boolean> shared, List<List<String>> threads,
                                 List<String> contexts, List<String> shrinker, List<String> notifier) {
        StringBuilder sb = new StringBuilder("scenario generated\n");
        String[] names = {"A", "B", "C", "D"};
        for (int i = 0; i < names.length; i++) {
            sb.append("lock ").append(names[i]).append(' ').append(kinds.get(i));
            if (shared.get(i) && i > 0) {
                sb.append(" class K").append(kinds.get(i));
            }
            sb.append('\n');
        }
        sb.append("lock R1 ww_mutex class dma_resv\nlock R2 ww_mutex class dma_resv\n");
        sb.append("fence F\nfence G timeline F\n");
        List<String> blocks = new ArrayList<>();
        for (int i = 0; i < threads.size(); i++) {
            blocks.add("thread t" + i + " context " + contexts.get(i) + "\n  "
                    + String.join("\n  ", threads.get(i)) + "\nend\n");
        }
        if (shrinker != null) {
            blocks.add("shrinker s\n  " + String.join("\n  ", shrinker) + "\nend\n");
        }
        if (notifier != null) {
            blocks.add("notifier n\n  " + String.join("\n  ", notifier) + "\nend\n");
        }
        blocks.forEach(sb::append);
        return sb.toString();
    }
}
