package dev.fencecheck.lockdep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The edge index (class pair -> edge) behaves as a {@code HashMap<Long, Integer>}, -1 for absent. */
class LongIntMapProperties {

    /** A put ({@code value >= 0}) or a get ({@code value < 0}) of a class-pair key. */
    record Op(long key, int value) {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        // Few distinct classes, so that keys repeat, collide in the table and overwrite.
        Arbitrary<Long> pair = Arbitraries.integers().between(0, 60).tuple2()
                .map(t -> ((long) t.get1() << 32) | t.get2());
        Arbitrary<Long> key = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, pair),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(0, Long.MAX_VALUE)));
        return net.jqwik.api.Combinators.combine(key, Arbitraries.integers().between(-3, 1_000_000))
                .as(Op::new).list().ofMinSize(0).ofMaxSize(3000);
    }

    @Property(tries = 30)
    void behavesAsAHashMap(@ForAll("operations") List<Op> ops) {
        LongIntMap map = new LongIntMap();
        Map<Long, Integer> oracle = new HashMap<>();
        for (Op op : ops) {
            if (op.value() >= 0) {
                map.put(op.key(), op.value());
                oracle.put(op.key(), op.value());
            } else {
                assertEquals(oracle.getOrDefault(op.key(), -1), map.get(op.key()), "get " + op.key());
            }
        }
        for (Map.Entry<Long, Integer> e : oracle.entrySet()) {
            assertEquals(e.getValue(), map.get(e.getKey()), "after all puts: " + e.getKey());
        }
    }

    @Property(tries = 2)
    void keepsEveryEntryThroughRepeatedGrowth(@ForAll("seed") int offset) {
        LongIntMap map = new LongIntMap();
        int n = 5000; // the table starts with 1024 slots: it grows four times
        for (int i = 0; i < n; i++) {
            map.put(((long) (i + offset) << 32) | (i % 7), i);
        }
        for (int i = 0; i < n; i++) {
            assertEquals(i, map.get(((long) (i + offset) << 32) | (i % 7)));
            assertEquals(-1, map.get(((long) (i + offset) << 32) | 7));
        }
    }

    @Provide
    Arbitrary<Integer> seed() {
        return Arbitraries.integers().between(0, 1 << 20);
    }
}
