package dev.fencecheck.lockdep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The global dependency graph between lock classes ({@code locks_after}/{@code locks_before}
 * in lockdep.c), with lockdep's four dependency types per edge and its breadth-first search
 * for strong paths ({@code __bfs}).
 *
 * <p>To keep new dependencies cheap as the graph grows, the graph also maintains a dynamic
 * topological order of the classes (Pearce and Kelly, "A dynamic topological sort algorithm
 * for directed acyclic graphs", JEA 2006). While the graph is acyclic, a new edge
 * {@code prev -> next} with {@code ord(prev) < ord(next)} cannot close any cycle, so the search
 * is skipped; otherwise the order is repaired locally. When prev has no dependency into it or
 * next none out of it (a class met for the first time, mostly) there is no path back either,
 * and the repair moves that one class to the front or the end. Read-lock cycles that lockdep allows
 * (not strong) make the graph cyclic; from then on every new edge is searched, as lockdep does.
 */
final class DependencyGraph {
    // Dependency type bits of lock_list::dep: -(SR)->, -(ER)->, -(SN)->, -(EN)->.
    static final int DEP_SR = 1;
    static final int DEP_ER = 2;
    static final int DEP_SN = 4;
    static final int DEP_EN = 8;
    static final int DEP_S_ANY = DEP_SR | DEP_SN;
    static final int DEP_N_ANY = DEP_SN | DEP_EN;

    /** Search result: the root itself matched. */
    static final int ROOT = -1;
    /** Search result: nothing matched. */
    static final int NONE = -2;

    private final int maxClasses;
    private final int maxEdges;

    private LockClass[] classes = new LockClass[64];
    private int classCount;
    private int[][] out = new int[64][];
    private int[] outLen = new int[64];
    private int[][] in = new int[64][];
    private int[] inLen = new int[64];

    private int[] from = new int[256];
    private int[] to = new int[256];
    private byte[] depForward = new byte[256];
    private byte[] depBackward = new byte[256];
    private Dependency[] provenance = new Dependency[256];
    private int edgeCount;
    private final LongIntMap edgeByPair = new LongIntMap();

    // Pearce-Kelly order: ord[class] is its position; the graph is a DAG while 'ordered'.
    private int[] ord = new int[64];
    private boolean ordered = true;
    /** The ends of the order: a class moved to the front or the end takes the next value out. */
    private int lowestOrd;
    private int highestOrd = -1;

    // Search scratch space, reused by every search.
    private int[] visited = new int[64];
    private int[] visitedXr = new int[64];
    private int generation;
    /** Each edge is queued at most twice per search: once per state of its source class. */
    private int[] queue = new int[512];
    private int[] parent = new int[256];
    private boolean[] onlyXr = new boolean[256];
    private int[] stack = new int[64];
    private final IntList deltaForward = new IntList();
    private final IntList deltaBackward = new IntList();
    /** The edge whose forward set findCycle() discovered, or -1. */
    private int pendingPrev = -1;
    private int pendingNext = -1;

    // The current search's match function (fields instead of lambdas: no allocation per search).
    private enum Match { CONFLICT, USAGE, ACCUMULATE }
    private Match match;
    private int matchClass;
    private int matchRead;
    private int matchMask;
    private int accumulated;

    DependencyGraph(int maxClasses, int maxEdges, boolean topologicalOrder) {
        this.maxClasses = maxClasses;
        this.maxEdges = maxEdges;
        this.ordered = topologicalOrder;
    }

    LockClass newClass(String name) {
        if (classCount == maxClasses) {
            throw new CapacityExceededException("lock classes", maxClasses);
        }
        if (classCount == classes.length) {
            int n = classCount * 2;
            classes = Arrays.copyOf(classes, n);
            out = Arrays.copyOf(out, n);
            outLen = Arrays.copyOf(outLen, n);
            in = Arrays.copyOf(in, n);
            inLen = Arrays.copyOf(inLen, n);
            ord = Arrays.copyOf(ord, n);
            visited = Arrays.copyOf(visited, n);
            visitedXr = Arrays.copyOf(visitedXr, n);
            stack = Arrays.copyOf(stack, n);
        }
        int id = classCount++;
        LockClass c = new LockClass(id, name);
        classes[id] = c;
        out[id] = new int[4];
        in[id] = new int[4];
        ord[id] = ++highestOrd;
        return c;
    }

    int classCount() {
        return classCount;
    }

    int edgeCount() {
        return edgeCount;
    }

    LockClass lockClass(int id) {
        return classes[id];
    }

    /** The edge between two classes, or -1. */
    int edge(int prevClass, int nextClass) {
        return edgeByPair.get(((long) prevClass << 32) | nextClass);
    }

    int edgeFrom(int edge) {
        return from[edge];
    }

    int edgeTo(int edge) {
        return to[edge];
    }

    Dependency provenance(int edge) {
        return provenance[edge];
    }

    /** __calc_dep_bit(): prev exclusive, next non-recursive. */
    static int forwardBit(int prevRead, int nextRead) {
        return 1 << ((prevRead == 0 ? 1 : 0) + (nextRead != 2 ? 2 : 0));
    }

    /**
     * __calc_dep_bitb(): the same two facts in swapped positions, so that a backward search
     * reads "next non-recursive" where a forward one reads "prev exclusive", and the reverse.
     */
    static int backwardBit(int prevRead, int nextRead) {
        return 1 << ((nextRead != 2 ? 1 : 0) + (prevRead == 0 ? 2 : 0));
    }

    /**
     * Records {@code prev -> next}, OR-ing the dependency type into an existing edge as
     * check_prev_add() does. The caller has already checked that it closes no strong cycle.
     * {@code dep} (where it was recorded) is needed only when the edge is new.
     */
    void addDependency(Dependency dep, int p, int prevRead, int n, int nextRead) {
        int e = edge(p, n);
        if (e >= 0) {
            addDependencyType(e, prevRead, nextRead);
            return;
        }
        addEdge(dep, p, prevRead, n, nextRead);
    }

    /** Records the new edge {@code prev -> next}; the caller has checked that there is none yet. */
    void addEdge(Dependency dep, int p, int prevRead, int n, int nextRead) {
        int e;
        int fbit = forwardBit(prevRead, nextRead);
        int bbit = backwardBit(prevRead, nextRead);
        if (edgeCount == maxEdges) {
            throw new CapacityExceededException("dependencies", maxEdges);
        }
        if (edgeCount == from.length) {
            int size = edgeCount * 2;
            from = Arrays.copyOf(from, size);
            to = Arrays.copyOf(to, size);
            depForward = Arrays.copyOf(depForward, size);
            depBackward = Arrays.copyOf(depBackward, size);
            provenance = Arrays.copyOf(provenance, size);
            queue = Arrays.copyOf(queue, 2 * size);
            parent = Arrays.copyOf(parent, size);
            onlyXr = Arrays.copyOf(onlyXr, size);
        }
        e = edgeCount++;
        from[e] = p;
        to[e] = n;
        depForward[e] = (byte) fbit;
        depBackward[e] = (byte) bbit;
        provenance[e] = dep;
        edgeByPair.put(((long) p << 32) | n, e);
        if (p != n) {
            // A self-loop is never followed by a search (its class is already visited), so it
            // neither closes a cycle for the order nor needs a place in it.
            keepOrder(p, n);
        }
        append(p, e, true);
        append(n, e, false);
    }

    /** OR-s one more dependency type into the existing edge {@code e} (check_prev_add()). */
    void addDependencyType(int e, int prevRead, int nextRead) {
        depForward[e] |= (byte) forwardBit(prevRead, nextRead);
        depBackward[e] |= (byte) backwardBit(prevRead, nextRead);
    }

    private void append(int c, int e, boolean forward) {
        int[][] lists = forward ? out : in;
        int[] lens = forward ? outLen : inLen;
        if (lens[c] == lists[c].length) {
            lists[c] = Arrays.copyOf(lists[c], lens[c] * 2);
        }
        lists[c][lens[c]++] = e;
    }

    /**
     * check_noncircular(next, prev): is there a strong path from next's class back to prev's,
     * which the new edge would close? Returns the edge that reached prev's class (follow
     * {@link #path}), {@link #ROOT} when prev and next are one class, or {@link #NONE}.
     */
    int findCycle(int prevClass, int prevRead, int nextClass, int nextRead) {
        pendingPrev = -1;
        if (ordered && prevClass != nextClass) {
            if (ord[prevClass] < ord[nextClass]) {
                return NONE;
            }
            // No dependency leads into prev, or none out of next: no path back, and keepOrder()
            // only has to move that one class to the front or the end of the order.
            if (inLen[prevClass] == 0 || outLen[nextClass] == 0) {
                return NONE;
            }
            // Pearce-Kelly's forward discovery, bounded by ord(prev): if it does not reach prev
            // there is no path back at all, and the set it found is kept for the reordering.
            deltaForward.clear();
            int gen = ++generation;
            if (collect(nextClass, ord[prevClass], true, gen, deltaForward, prevClass)) {
                pendingPrev = prevClass;
                pendingNext = nextClass;
                return NONE;
            }
        }
        match = Match.CONFLICT;
        matchClass = prevClass;
        matchRead = prevRead;
        return search(nextClass, nextRead == 2, true);
    }

    /** find_usage_forwards()/find_usage_backwards() with usage_match(). */
    int findUsage(int root, boolean rootOnlyXr, boolean forward, int mask) {
        match = Match.USAGE;
        matchMask = mask;
        return search(root, rootOnlyXr, forward);
    }

    /** The usage bits accumulated backwards from {@code root} (usage_accumulate()). */
    int accumulateUsageBackwards(int root, boolean rootOnlyXr) {
        match = Match.ACCUMULATE;
        accumulated = 0;
        search(root, rootOnlyXr, false);
        return accumulated;
    }

    private boolean matches(int c, boolean xr) {
        switch (match) {
            case CONFLICT:
                // hlock_conflict(): the new edge is -(E*)->, or the path is -(*N)->.
                return c == matchClass && (matchRead == 0 || !xr);
            case USAGE: {
                int usage = classes[c].usageMask;
                return (xr ? (usage & UsageBits.IRQ & matchMask) : (usage & matchMask)) != 0;
            }
            default:
                accumulated |= xr ? (classes[c].usageMask & UsageBits.IRQ) : classes[c].usageMask;
                return false;
        }
    }

    /**
     * __bfs(): breadth-first over edges; a path entering a class through -(*R)-> may only leave
     * it through -(E*)->, so a search state is a class plus whether it was reached only through
     * -(*R)-> edges.
     *
     * <p>Lockdep marks a class visited the first time it is dequeued, whatever way it was
     * reached, so a class first reached through a recursive-read edge is never searched again
     * through a stronger one and a strong cycle behind it can be missed (it is found later only
     * if the chain is validated again, which then depends on the chain cache). Here a class is
     * searched at most twice, once in each state, and not again in the weaker state once it was
     * reached in the stronger one: the search is exact for strong paths, which is what the
     * theorem of lockdep-design.rst says a deadlock is, and the verdict no longer depends on
     * the chain cache.
     */
    private int search(int root, boolean rootOnlyXr, boolean forward) {
        int gen = ++generation;
        if (rootOnlyXr) {
            visitedXr[root] = gen;
        } else {
            visited[root] = gen;
        }
        if (matches(root, rootOnlyXr)) {
            return ROOT;
        }
        int head = 0;
        int tail = 0;
        int[][] lists = forward ? out : in;
        int[] lens = forward ? outLen : inLen;
        byte[] deps = forward ? depForward : depBackward;
        int[] list = lists[root];
        for (int i = 0, n = lens[root]; i < n; i++) {
            int e = list[i];
            parent[e] = -1;
            queue[tail++] = e;
        }
        while (head < tail) {
            int e = queue[head++];
            int c = forward ? to[e] : from[e];
            if (visited[c] == gen) {
                continue;
            }
            int dep = deps[e];
            boolean parentXr = parent[e] < 0 ? rootOnlyXr : onlyXr[parent[e]];
            if (parentXr) {
                dep &= ~DEP_S_ANY;
            }
            if (dep == 0) {
                continue;
            }
            boolean xr = (dep & DEP_N_ANY) == 0;
            if (xr) {
                if (visitedXr[c] == gen) {
                    continue;
                }
                visitedXr[c] = gen;
            } else {
                visited[c] = gen;
            }
            onlyXr[e] = xr;
            if (matches(c, xr)) {
                return e;
            }
            list = lists[c];
            for (int i = 0, n = lens[c]; i < n; i++) {
                int f = list[i];
                parent[f] = e;
                queue[tail++] = f;
            }
        }
        return NONE;
    }

    /** The edges from the last search's root to {@code edge}, in path order. */
    List<Integer> path(int edge) {
        List<Integer> path = new ArrayList<>();
        for (int e = edge; e >= 0; e = parent[e]) {
            path.add(0, e);
        }
        return path;
    }

    /** Pearce-Kelly: keep ord a topological order after adding {@code u -> v}. */
    private void keepOrder(int u, int v) {
        if (!ordered || ord[u] < ord[v]) {
            return;
        }
        // A class without predecessors can go first, one without successors last: the edges it
        // has keep their direction, and the affected region is that class alone.
        if (inLen[u] == 0 || outLen[v] == 0) {
            pendingPrev = -1;
            if (inLen[u] == 0) {
                ord[u] = --lowestOrd;
            } else {
                ord[v] = ++highestOrd;
            }
            return;
        }
        int lowerBound = ord[v];
        int upperBound = ord[u];
        if (pendingPrev != u || pendingNext != v) {
            // Otherwise findCycle() just discovered the forward set (the graph has not changed
            // since: at most check_irq_usage() searched it).
            deltaForward.clear();
            if (!collect(v, upperBound, true, ++generation, deltaForward, u)) {
                // A cycle that is not strong (read locks): lockdep allows it; the order is lost.
                ordered = false;
                return;
            }
        }
        pendingPrev = -1;
        deltaBackward.clear();
        // A generation of its own: searches since the forward discovery (check_irq_usage())
        // marked classes visited under theirs, and the backward set is disjoint from the
        // forward one anyway in an acyclic graph.
        collect(u, lowerBound, false, ++generation, deltaBackward, -1);
        reorder();
    }

    private boolean collect(int start, int bound, boolean forward, int gen, IntList into, int target) {
        int sp = 0;
        stack[sp++] = start;
        visited[start] = gen;
        while (sp > 0) {
            int c = stack[--sp];
            into.add(c);
            int[] list = forward ? out[c] : in[c];
            int n = forward ? outLen[c] : inLen[c];
            for (int i = 0; i < n; i++) {
                int e = list[i];
                int w = forward ? to[e] : from[e];
                if (w == target) {
                    return false;
                }
                boolean inRange = forward ? ord[w] < bound : ord[w] > bound;
                if (inRange && visited[w] != gen) {
                    visited[w] = gen;
                    stack[sp++] = w;
                }
            }
        }
        return true;
    }

    /** The backward set, then the forward set, each in its old order, take the sorted slots of both. */
    private void reorder() {
        int nb = deltaBackward.sortByKey(ord);
        int nf = deltaForward.sortByKey(ord);
        if (slots.length < nb + nf) {
            slots = new int[Math.max(nb + nf, slots.length * 2)];
        }
        int k = 0;
        for (int i = 0; i < nb; i++) {
            slots[k++] = ord[deltaBackward.get(i)];
        }
        for (int i = 0; i < nf; i++) {
            slots[k++] = ord[deltaForward.get(i)];
        }
        Arrays.sort(slots, 0, k);
        k = 0;
        for (int i = 0; i < nb; i++) {
            ord[deltaBackward.get(i)] = slots[k++];
        }
        for (int i = 0; i < nf; i++) {
            ord[deltaForward.get(i)] = slots[k++];
        }
    }

    private int[] slots = new int[64];

    boolean isOrdered() {
        return ordered;
    }

    /** A growable int list for the reorder sets, sortable by a key without boxing. */
    private static final class IntList {
        private int[] items = new int[16];
        private long[] keyed = new long[16];
        private int size;

        void add(int v) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = v;
        }

        void clear() {
            size = 0;
        }

        int get(int i) {
            return items[i];
        }

        /** Sorts the items by {@code key[item]} (items non-negative, keys any int); returns the size. */
        int sortByKey(int[] key) {
            if (keyed.length < size) {
                keyed = new long[Math.max(size, keyed.length * 2)];
            }
            for (int i = 0; i < size; i++) {
                keyed[i] = ((long) key[items[i]] << 32) | items[i];
            }
            Arrays.sort(keyed, 0, size);
            for (int i = 0; i < size; i++) {
                items[i] = (int) keyed[i];
            }
            return size;
        }
    }
}
