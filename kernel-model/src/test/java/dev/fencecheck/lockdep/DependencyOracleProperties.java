package dev.fencecheck.lockdep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The validator's dependency findings against a naive oracle written straight from
 * lockdep-design.rst: a new dependency {@code prev -> next} is refused (and reported) exactly
 * when some path from next back to prev, together with the new dependency, is a strong cycle
 * (no {@code -(*R)->} link followed by a {@code -(S*)->} link), and is recorded otherwise.
 *
 * <p>The oracle knows nothing of chain caches, topological orders or breadth-first search; it
 * tries every path. Programs are random acquisitions (write, read, recursive read) and
 * last-in-first-out releases by three task threads over six locks, two of which share a class.
 * Checked after every program: the findings (kind, thread, line), the recorded dependencies,
 * and for every cycle that the reported chain is a real and shortest strong path.
 */
class DependencyOracleProperties {

    private static final int LOCKS = 6;
    private static final int THREADS = 3;
    /** Lock i has class CLASS_OF[i]: locks 4 and 5 are two instances of one class. */
    private static final int[] CLASS_OF = {0, 1, 2, 3, 4, 4};
    private static final int CLASSES = 5;

    /** One step of a program: {@code thread}, and {@code lock}/{@code read} or a release (lock -1). */
    record Op(int thread, int lock, int read) {
        @Override
        public String toString() {
            return "t" + thread + (lock < 0 ? " unlock-top" : " " + (read == 0 ? "lock" : read == 1 ? "read" : "rread")
                    + " L" + lock);
        }
    }

    @Provide
    Arbitrary<List<Op>> programs() {
        Arbitrary<Op> acquire = net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, THREADS - 1),
                Arbitraries.integers().between(0, LOCKS - 1), Arbitraries.integers().between(0, 2)).as(Op::new);
        Arbitrary<Op> release = Arbitraries.integers().between(0, THREADS - 1).map(t -> new Op(t, -1, 0));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, acquire), net.jqwik.api.Tuple.of(2, release))
                .list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 200)
    void findingsAndDependenciesAgreeWithTheNaiveOracle(@ForAll("programs") List<Op> program) {
        Oracle oracle = new Oracle();
        List<String> expected = oracle.run(program);
        Run run = new Run(ValidatorOptions.defaults());
        run.play(program);
        assertEquals(expected, run.summary(), program::toString);
        for (int p = 0; p < CLASSES; p++) {
            for (int n = 0; n < CLASSES; n++) {
                assertEquals(oracle.edges.containsKey(List.of(p, n)), run.v.dependsOn(run.classes[p], run.classes[n]),
                        () -> "dependency between classes, " + program);
            }
        }
        assertEquals(oracle.edges.size(), run.v.dependencyCount(), program::toString);
        for (Finding f : run.findings) {
            if (f.kind() == FindingKind.CIRCULAR_DEPENDENCY) {
                assertCycleIsAShortestStrongPath(oracle, f, program);
                assertEquals(oracle.cycleLength.get(f.site().line()), f.chain().size() - 1,
                        () -> "the reported path is a shortest one, " + f.chain() + " " + program);
            }
        }
    }

    @Property(tries = 120)
    void everyOptionGivesTheSameReportsWordForWord(@ForAll("programs") List<Op> program) {
        List<Finding> reference = play(ValidatorOptions.defaults(), program);
        List<ValidatorOptions> variants = List.of(
                ValidatorOptions.defaults().withChainCache(false),
                ValidatorOptions.defaults().withTopologicalOrder(false),
                ValidatorOptions.defaults().withChainTable(ValidatorOptions.ChainTable.HASH_SET),
                ValidatorOptions.defaults().withChainCache(false).withTopologicalOrder(false));
        for (ValidatorOptions o : variants) {
            List<Finding> other = play(o, program);
            assertEquals(texts(reference), texts(other), () -> o + "\n" + program);
            assertEquals(reference.stream().map(Finding::lines).toList(), other.stream().map(Finding::lines).toList());
        }
    }

    /**
     * A step of a program with interrupts: {@code code} 0 acquire (1 as a trylock), 2 release of the
     * held lock at {@code lock} counting from the top (from the middle: the locks above are taken
     * again), 3 irq disable, 4 irq enable, 5 bh disable, 6 bh enable, 7 might_sleep.
     */
    record IrqOp(int thread, int code, int lock, int read) {
    }

    /** Threads t0 and t1 are tasks, t2 a softirq handler, t3 a hardirq handler. */
    private static final ExecContext[] CONTEXTS = {ExecContext.TASK, ExecContext.TASK, ExecContext.SOFTIRQ,
            ExecContext.HARDIRQ};

    @Provide
    Arbitrary<List<IrqOp>> programsWithInterrupts() {
        Arbitrary<Integer> thread = Arbitraries.integers().between(0, 3);
        Arbitrary<Integer> code = Arbitraries.frequency(net.jqwik.api.Tuple.of(8, 0), net.jqwik.api.Tuple.of(1, 1),
                net.jqwik.api.Tuple.of(7, 2), net.jqwik.api.Tuple.of(1, 3), net.jqwik.api.Tuple.of(1, 4),
                net.jqwik.api.Tuple.of(1, 5), net.jqwik.api.Tuple.of(1, 6), net.jqwik.api.Tuple.of(1, 7));
        return net.jqwik.api.Combinators.combine(thread, code, Arbitraries.integers().between(0, LOCKS - 1),
                Arbitraries.integers().between(0, 2)).as(IrqOp::new).list().ofMinSize(1).ofMaxSize(50);
    }

    /**
     * The chain cache, the topological order and the chain table change the speed, never a
     * report: with interrupt contexts, irq state changes, trylocks and releases from the middle
     * of the held stack too (new usage bits drop the cache; the locks above a released one are
     * validated again).
     */
    @Property(tries = 150)
    void everyOptionGivesTheSameReportsWithInterrupts(@ForAll("programsWithInterrupts") List<IrqOp> program) {
        List<String> reference = playIrq(ValidatorOptions.defaults(), program);
        for (ValidatorOptions o : List.of(ValidatorOptions.defaults().withChainCache(false),
                ValidatorOptions.defaults().withTopologicalOrder(false).withChainTable(
                        ValidatorOptions.ChainTable.HASH_SET))) {
            assertEquals(reference, playIrq(o, program), () -> o + "\n" + program);
        }
    }

    /** The reports, their lines, and the classes' final usage bits and dependency count. */
    private static List<String> playIrq(ValidatorOptions options, List<IrqOp> program) {
        Run r = new Run(options, CONTEXTS);
        int line = 0;
        for (IrqOp op : program) {
            Site site = new Site("p", ++line, "op " + op.code());
            LockThread t = r.threads[op.thread()];
            switch (op.code()) {
                case 0, 1 -> r.v.acquire(t, r.locks[op.lock()], ReadMode.ofLevel(op.read()), op.code() == 1, null, site);
                case 2 -> {
                    if (t.depth() > 0) {
                        r.v.release(t, t.heldAt(t.depth() - 1 - op.lock() % t.depth()).lock(), site);
                    }
                }
                case 3 -> r.v.hardirqsOff(t);
                case 4 -> r.v.hardirqsOn(t, site);
                case 5 -> r.v.softirqsOff(t);
                case 6 -> r.v.softirqsOn(t, site);
                default -> r.v.mightSleep(t, site);
            }
        }
        for (LockThread t : r.threads) {
            r.v.threadExit(t, new Site("p", ++line, "exit"));
        }
        List<String> all = new ArrayList<>(texts(r.findings));
        r.findings.forEach(f -> all.add(f.lines().toString()));
        all.add("dependencies " + r.v.dependencyCount() + ", usage "
                + java.util.Arrays.stream(r.classes).map(c -> Integer.toString(c.usageMask())).toList());
        return all;
    }

    private static List<Finding> play(ValidatorOptions options, List<Op> program) {
        Run r = new Run(options);
        r.play(program);
        return r.findings;
    }

    private static List<String> texts(List<Finding> findings) {
        return findings.stream().map(f -> f.kind() + " " + f.message() + "\n" + String.join("\n", f.report())
                + "\nchain " + f.chain().stream().map(Dependency::describe).toList()).toList();
    }

    private static void assertCycleIsAShortestStrongPath(Oracle oracle, Finding f, List<Op> program) {
        List<Dependency> chain = f.chain();
        Dependency added = chain.get(0);
        int prev = added.prev().id();
        int next = added.next().id();
        for (int i = 1; i < chain.size(); i++) {
            Dependency d = chain.get(i);
            assertEquals(chain.get(i - 1).next(), d.prev(), () -> "chain is contiguous: " + chain + " " + program);
            assertTrue(oracle.edges.containsKey(List.of(d.prev().id(), d.next().id())), "a recorded dependency");
        }
        assertEquals(prev, chain.get(chain.size() - 1).next().id(), "the chain returns to the held lock");
        assertEquals(next, chain.get(1).prev().id(), "the chain starts at the lock being acquired");
    }

    /** The validator driven by a program, one site line per step. */
    private static final class Run {
        final List<Finding> findings = new ArrayList<>();
        final LockValidator v;
        final LockClass[] classes = new LockClass[CLASSES];
        final Lock[] locks = new Lock[LOCKS];
        final LockThread[] threads;

        Run(ValidatorOptions options) {
            this(options, new ExecContext[] {ExecContext.TASK, ExecContext.TASK, ExecContext.TASK});
        }

        Run(ValidatorOptions options, ExecContext[] contexts) {
            v = new LockValidator(options, findings::add);
            for (int c = 0; c < CLASSES; c++) {
                classes[c] = v.newClass("C" + c);
            }
            for (int i = 0; i < LOCKS; i++) {
                locks[i] = v.newLock("L" + i, classes[CLASS_OF[i]], false, false);
            }
            threads = new LockThread[contexts.length];
            for (int t = 0; t < contexts.length; t++) {
                threads[t] = v.newThread("t" + t, contexts[t]);
            }
        }

        void play(List<Op> program) {
            int line = 0;
            for (Op op : program) {
                line++;
                LockThread t = threads[op.thread()];
                if (op.lock() < 0) {
                    if (t.depth() > 0) {
                        v.release(t, t.heldAt(t.depth() - 1).lock(), new Site("p", line, "unlock"));
                    }
                } else {
                    v.acquire(t, locks[op.lock()], ReadMode.ofLevel(op.read()), false, null,
                            new Site("p", line, "lock L" + op.lock()));
                }
            }
            for (LockThread t : threads) {
                v.threadExit(t, new Site("p", ++line, "exit"));
            }
        }

        List<String> summary() {
            return findings.stream().map(f -> f.kind().id() + " " + f.thread() + "@" + f.site().line()).toList();
        }
    }

    /** lockdep's rules, naively: the graph of class pairs with their sets of (prevRead, nextRead) types. */
    private static final class Oracle {
        /** (prev class, next class) -> set of types, each {exclusive prev?, non-recursive next?}. */
        final Map<List<Integer>, Set<List<Boolean>>> edges = new HashMap<>();
        final Set<String> reported = new HashSet<>();
        /** For each reported cycle, by line: the fewest links closing it when it was reported. */
        final Map<Integer, Integer> cycleLength = new HashMap<>();
        private int line;

        List<String> run(List<Op> program) {
            List<String> out = new ArrayList<>();
            List<List<int[]>> held = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                held.add(new ArrayList<>());
            }
            line = 0;
            for (Op op : program) {
                line++;
                List<int[]> stack = held.get(op.thread());
                if (op.lock() < 0) {
                    if (!stack.isEmpty()) {
                        stack.remove(stack.size() - 1);
                    }
                    continue;
                }
                String finding = acquire(stack, CLASS_OF[op.lock()], op.read());
                stack.add(new int[] {CLASS_OF[op.lock()], op.read()});
                if (finding != null) {
                    out.add(finding + " t" + op.thread() + "@" + line);
                }
            }
            for (int t = 0; t < THREADS; t++) {
                line++;
                if (!held.get(t).isEmpty()) {
                    out.add("lock-held-at-exit t" + t + "@" + line);
                }
            }
            return out;
        }

        private String acquire(List<int[]> stack, int next, int nextRead) {
            for (int[] h : stack) {
                if (h[0] == next && !(nextRead == 2 && h[1] != 0)) {
                    return reported.add("recursion " + next) ? "recursive-locking" : null;
                }
            }
            if (stack.isEmpty()) {
                return null;
            }
            int[] top = stack.get(stack.size() - 1);
            int prev = top[0];
            int length = shortestClosingPath(prev, top[1], next, nextRead);
            if (length == 0) {
                return reported.add("recursion " + next) ? "recursive-locking" : null;
            }
            if (length > 0) {
                cycleLength.put(line, length);
                return reported.add("cycle " + prev + " " + next) ? "circular-dependency" : null;
            }
            edges.computeIfAbsent(List.of(prev, next), k -> new HashSet<>()).add(List.of(top[1] == 0, nextRead != 2));
            return null;
        }

        /**
         * The fewest recorded links on a path from {@code next} to {@code prev} that makes a strong
         * cycle with the new link {@code prev -> next}, or -1 when there is none. A state is a class
         * and whether the link that entered it was {@code -(*R)->}; every type of every link is tried.
         */
        int shortestClosingPath(int prev, int prevRead, int next, int nextRead) {
            boolean newLinkExclusive = prevRead == 0;
            boolean enteredByR = nextRead == 2;
            ArrayDeque<int[]> queue = new ArrayDeque<>();
            Set<List<Object>> seen = new HashSet<>();
            queue.add(new int[] {next, enteredByR ? 1 : 0, 0});
            seen.add(List.of(next, enteredByR));
            while (!queue.isEmpty()) {
                int[] s = queue.poll();
                boolean r = s[1] == 1;
                if (s[0] == prev && (newLinkExclusive || !r)) {
                    return s[2];
                }
                for (Map.Entry<List<Integer>, Set<List<Boolean>>> e : edges.entrySet()) {
                    if (e.getKey().get(0) != s[0]) {
                        continue;
                    }
                    for (List<Boolean> type : e.getValue()) {
                        boolean exclusive = type.get(0);
                        boolean nonRecursive = type.get(1);
                        if (r && !exclusive) {
                            continue; // -(*R)-> then -(S*)->: not strong
                        }
                        int to = e.getKey().get(1);
                        if (seen.add(List.of(to, !nonRecursive))) {
                            queue.add(new int[] {to, nonRecursive ? 0 : 1, s[2] + 1});
                        }
                    }
                }
            }
            return -1;
        }
    }
}
