package dev.fencecheck.lockdep;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The lock-dependency validator: lockdep's semantics ({@code kernel/locking/lockdep.c}) on
 * modelled threads. It knows nothing of GPUs or fences; the kernel annotations are built on it.
 *
 * <p>The model is single-threaded: callers run one modelled thread's operation at a time. Each
 * public operation is one "operation" for reporting purposes: after it makes one lockdep report,
 * the rest of that operation's lockdep checks are silent (lockdep itself goes silent after its
 * first report; here validation goes on with the next operation). Callers that build one kernel
 * operation out of several validator calls bracket them with {@link #beginOperation} and
 * {@link #endOperation}.
 */
public final class LockValidator {
    private static final long TRYLOCK_BIT = 1L << 22;
    private static final long NEST_BIT = 1L << 23;
    private static final long NOCHECK_BIT = 1L << 24;

    private final ValidatorOptions options;
    private final boolean chainCache;
    private final DependencyGraph graph;
    private final ChainCache chains;
    private final FindingSink sink;
    /** Whether any class has a USED_IN bit yet; until then no irq dependency can be wrong. */
    private boolean anyUsedIn;
    /** The USED_IN bits of all classes together. */
    private int usedInAll;
    /** Cycles and recursions already reported, by class pair, so that one mistake is one finding. */
    private final Set<Long> reportedPairs = new HashSet<>();

    public LockValidator(ValidatorOptions options, FindingSink sink) {
        this.options = options;
        this.graph = new DependencyGraph(options.maxClasses(), options.maxEdges(), options.topologicalOrder());
        this.chains = ChainCache.create(options);
        this.chainCache = options.chainCache();
        this.sink = sink;
    }

    public LockClass newClass(String name) {
        return graph.newClass(name);
    }

    /**
     * A lock instance of {@code lockClass}. {@code spinning}: holding it makes the thread atomic
     * (spinlock_t, rwlock_t); {@code sleeping}: acquiring it may sleep (mutex, rw_semaphore).
     * Lockdep maps are neither.
     */
    public Lock newLock(String name, LockClass lockClass, boolean spinning, boolean sleeping) {
        return new Lock(name, lockClass, spinning, sleeping);
    }

    public LockThread newThread(String name, ExecContext context) {
        return new LockThread(name, context);
    }

    public int classCount() {
        return graph.classCount();
    }

    public int dependencyCount() {
        return graph.edgeCount();
    }

    public int chainCount() {
        return chains.size();
    }

    /** Whether a dependency {@code prev -> next} between the two classes is recorded. */
    public boolean dependsOn(LockClass prev, LockClass next) {
        return graph.edge(prev.id(), next.id()) >= 0;
    }

    // ---------------------------------------------------------------- operations

    /** Starts a compound operation: until {@link #endOperation}, at most one lockdep report. */
    public void beginOperation(LockThread t) {
        t.reportedInOperation = false;
        t.compound++;
    }

    public void endOperation(LockThread t) {
        t.compound--;
    }

    private void startSimple(LockThread t) {
        if (t.compound == 0) {
            t.reportedInOperation = false;
        }
    }

    /** lock_acquire(): push {@code lock} on the thread's held stack and validate the chain. */
    public void acquire(LockThread t, Lock lock, ReadMode read, boolean trylock, Lock nest, Site site) {
        if (nest == null && chainCache && acquireCached(t, lock, read.level(), trylock, site)) {
            return;
        }
        startSimple(t);
        acquireChecked(t, lock, read.level(), trylock, true, nest, 0, !t.hardirqsEnabled, site);
    }

    /**
     * The common case of {@code kernel/locking/lockdep.c: __lock_acquire}, kept small so that it
     * compiles into its callers: no nest lock, the class already has every usage bit
     * mark_usage() would set, and the chain is in the cache ({@code lookup_chain_cache}), or it
     * is a trylock, which is not validated. Then
     * acquiring is pushing the held lock and nothing else; otherwise this changes nothing and
     * returns false.
     */
    private boolean acquireCached(LockThread t, Lock lock, int read, boolean trylock, Site site) {
        int usage = (trylock ? t.usageOnTrylock : t.usageOnAcquire) << (read != 0 ? UsageBits.READ_MASK : 0);
        if ((lock.lockClass().usageMask & usage) != usage) {
            return false;
        }
        long prevKey = t.chainKey;
        long key = ChainCache.iterate(prevKey, chainId(lock, read, trylock, null, true));
        if (!trylock && !chains.contains(key)) {
            return false;
        }
        // No startSimple(): its flag only matters to a report, and this path makes none.
        HeldLock h = t.push();
        h.reuse(lock, read, trylock, !t.hardirqsEnabled, site);
        h.prevChainKey = prevKey;
        t.chainKey = key;
        return true;
    }

    /** The id of a held lock that iterate_chain_key() mixes into the chain key. */
    private static long chainId(Lock lock, int read, boolean trylock, Lock nest, boolean check) {
        return lock.lockClass().id() | ((long) read << ValidatorOptions.CLASS_ID_BITS)
                | (trylock ? TRYLOCK_BIT : 0) | (nest != null ? NEST_BIT : 0) | (check ? 0 : NOCHECK_BIT);
    }

    /** __lock_acquire() with its nest-lock check, for new and re-acquired locks alike. */
    private void acquireChecked(LockThread t, Lock lock, int read, boolean trylock, boolean check, Lock nest,
                                int references, boolean hardirqsOff, Site site) {
        if (nest != null && !isHeld(t, nest, -1) && !mergesWithTop(t, lock, nest)) {
            // print_lock_nested_lock_not_held(); the lock is still pushed, unvalidated.
            report(t, misuse(t, lock, nest, site));
            lockAcquire(t, lock, read, trylock, false, null, references, hardirqsOff, site);
            return;
        }
        lockAcquire(t, lock, read, trylock, check, nest, references, hardirqsOff, site);
    }

    private boolean mergesWithTop(LockThread t, Lock lock, Lock nest) {
        HeldLock top = t.top();
        return top != null && nest != null && top.lockClass == lock.lockClass();
    }

    /** lock_release(): release the hold on {@code lock}, from wherever it is in the stack. */
    public void release(LockThread t, Lock lock, Site site) {
        int top = t.depth - 1;
        if (top >= 0) {
            HeldLock h = t.held[top];
            if (h.lock == lock && h.references == 0) {
                // The common case of __lock_release(), kept small: the lock on top, no merged
                // references, nothing to re-acquire.
                t.depth = top;
                t.chainKey = h.prevChainKey;
                return;
            }
        }
        releaseAnywhere(t, lock, site);
    }

    private void releaseAnywhere(LockThread t, Lock lock, Site site) {
        startSimple(t);
        int i = findHeld(t, lock);
        // find_held_lock() runs match_held_lock() on every entry from the top down to the match
        // (all of them when nothing matches): a context-less merged entry on the way WARNs.
        for (int j = t.depth - 1; j > i; j--) {
            HeldLock w = t.held[j];
            if (w.references > 0 && w.nest == null) {
                report(t, mergedWithoutContext(t, w, site, "releases " + lock.name()));
                break;
            }
        }
        if (i < 0) {
            report(t, badUnlock(t, lock, site));
            return;
        }
        HeldLock h = t.held[i];
        if (h.references > 0 && h.nest == null) {
            // match_held_lock(): DEBUG_LOCKS_WARN_ON(!hlock->nest_lock). A ww_lock under a context
            // that was never held merged into a same-class lock taken without one.
            report(t, mergedWithoutContext(t, h, site, "releases " + h.lock.name()));
        }
        if (h.references > 0) {
            h.references--;
            if (h.references > 0) {
                return;
            }
        }
        if (i == t.depth - 1) {
            t.depth = i;
            t.chainKey = h.prevChainKey;
            return;
        }
        // reacquire_held_locks(): everything above is acquired again, fully validated.
        int above = t.depth - i - 1;
        HeldLock[] saved = new HeldLock[above];
        for (int k = 0; k < above; k++) {
            saved[k] = new HeldLock();
            saved[k].copyFrom(t.held[i + 1 + k]);
        }
        t.depth = i;
        t.chainKey = h.prevChainKey;
        for (HeldLock s : saved) {
            acquireChecked(t, s.lock, s.read, s.trylock, s.check, s.nest, s.references, s.hardirqsOff, s.site);
        }
    }

    /** lock_is_held_type(): {@code read} -1 for any mode, 0 for write, 1 for any read mode. */
    public boolean isHeld(LockThread t, Lock lock, int read) {
        for (int i = t.depth - 1; i >= 0; i--) {
            HeldLock h = t.held[i];
            if (matches(h, lock)) {
                return read == -1 || (h.read != 0) == (read != 0);
            }
        }
        return false;
    }

    /**
     * might_sleep(): a report if the thread is atomic or has interrupts disabled. First, in any
     * context, {@code __might_resched()}'s {@code rcu_sleep_check()} asks {@code lock_is_held()},
     * which runs match_held_lock() over every held entry: one that a ww_lock under a context that
     * was never held merged into hits DEBUG_LOCKS_WARN_ON(!hlock->nest_lock) there, as at its
     * release.
     */
    public boolean mightSleep(LockThread t, Site site) {
        for (int i = 0; i < t.depth; i++) {
            HeldLock h = t.held[i];
            if (h.references > 0 && h.nest == null) {
                report(t, mergedWithoutContext(t, h, site, "might_sleep() checks the held locks"));
                break;
            }
        }
        if (!t.mayNotSleep()) {
            return true;
        }
        List<String> r = new ArrayList<>();
        r.add(FindingKind.SLEEP_IN_ATOMIC.headline() + " at " + site.describe());
        r.add("in_atomic(): " + (t.inAtomic() ? 1 : 0) + ", irqs_disabled(): " + (t.hardirqsEnabled ? 0 : 1)
                + ", thread: " + t.name() + " (" + contextName(t) + ")");
        addHeld(r, t);
        sink.report(new Finding(FindingKind.SLEEP_IN_ATOMIC, null, t.name(), site,
                "thread " + t.name() + " may sleep in atomic context at " + site.describe(),
                r, List.of(), linesOf(t, site)));
        return false;
    }

    /**
     * check_wait_context() for a lock of wait type LD_WAIT_SLEEP taken without a might_sleep()
     * first (the fake first lock of ww_acquire_init()): "[ BUG: Invalid wait context ]" under a
     * spinning lock or in interrupt context. Disabled interrupts or bottom halves alone do not
     * count: lockdep compares only the held locks' wait types and the irq context.
     */
    public void checkSleepingWaitContext(LockThread t, Lock lock, Site site) {
        boolean invalid = t.context() != ExecContext.TASK;
        for (int i = 0; i < t.depth && !invalid; i++) {
            invalid = t.held[i].lock.spinning();
        }
        if (!invalid) {
            return;
        }
        List<String> r = new ArrayList<>();
        r.add("[ BUG: Invalid wait context ]");
        r.add("thread " + t.name() + " (" + contextName(t) + ") is trying to lock:");
        r.add("  " + lock.name() + " (a sleeping lock), at " + site.describe());
        addHeld(r, t);
        report(t, new Finding(FindingKind.SLEEP_IN_ATOMIC, null, t.name(), site,
                "thread " + t.name() + " takes sleeping lock " + lock.name() + " in atomic context at "
                        + site.describe() + " (invalid wait context)",
                r, List.of(), linesOf(t, site)));
    }

    /** local_irq_disable(). */
    public void hardirqsOff(LockThread t) {
        t.hardirqsEnabled = false;
        t.irqStateChanged();
    }

    /** local_irq_enable(): lockdep_hardirqs_on_prepare() marks every held lock irq-enabled. */
    public void hardirqsOn(LockThread t, Site site) {
        startSimple(t);
        if (t.context() == ExecContext.HARDIRQ || t.hardirqsEnabled) {
            return;
        }
        t.hardirqsEnabled = true;
        t.irqStateChanged();
        if (markHeldLocks(t, UsageBits.enabled(UsageBits.HARDIRQ, false), site) && t.softirqsEnabled()) {
            markHeldLocks(t, UsageBits.enabled(UsageBits.SOFTIRQ, false), site);
        }
    }

    /** local_bh_disable(). */
    public void softirqsOff(LockThread t) {
        t.bhDisableDepth++;
        t.irqStateChanged();
    }

    /** local_bh_enable(): lockdep_softirqs_on() marks every held lock softirq-enabled. */
    public void softirqsOn(LockThread t, Site site) {
        startSimple(t);
        if (t.bhDisableDepth == 0) {
            return;
        }
        t.bhDisableDepth--;
        t.irqStateChanged();
        if (t.softirqsEnabled() && t.hardirqsEnabled) {
            markHeldLocks(t, UsageBits.enabled(UsageBits.SOFTIRQ, false), site);
        }
    }

    /** The thread returns to user space or exits: nothing may be held. */
    public void threadExit(LockThread t, Site site) {
        if (t.depth == 0) {
            return;
        }
        List<String> r = new ArrayList<>();
        r.add(FindingKind.LOCK_HELD_AT_EXIT.headline());
        r.add("thread " + t.name() + " is leaving the kernel with locks still held!");
        addHeld(r, t);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < t.depth; i++) {
            names.add(t.held[i].lock.name());
        }
        sink.report(new Finding(FindingKind.LOCK_HELD_AT_EXIT, null, t.name(), site,
                "thread " + t.name() + " ends holding " + String.join(", ", names),
                r, List.of(), linesOf(t, site)));
        t.depth = 0;
        t.chainKey = LockThread.INITIAL_CHAIN_KEY;
    }

    // ---------------------------------------------------------------- acquisition (lockdep.c)

    /** __lock_acquire(). Returns 2 when merged into the top entry, 1 otherwise. */
    private int lockAcquire(LockThread t, Lock lock, int read, boolean trylock, boolean check, Lock nest,
                            int references, boolean hardirqsOff, Site site) {
        HeldLock top = t.top();
        if (top != null && nest != null && top.lockClass == lock.lockClass()) {
            // nest_lock serializes: merge into the top entry, no validation.
            if (top.references == 0) {
                top.references = 1;
            }
            top.references += Math.max(references, 1);
            return 2;
        }
        long prevKey = t.chainKey;
        HeldLock h = t.push();
        h.set(lock, read, trylock, check, nest, references, hardirqsOff, site);
        h.prevChainKey = prevKey;
        // mark_usage() only sets bits; when the class has them all already (always, once a
        // kernel-like path ran once) there is nothing to mark and nothing to search.
        if (check && !hasUsage(t, lock.lockClass(), read, trylock, hardirqsOff)) {
            markUsage(t, h);
        }
        long key = ChainCache.iterate(prevKey, chainId(lock, read, trylock, nest, check));
        t.chainKey = key;
        // Lockdep stops after a usage report (it is off from then on); validation goes on here
        // "as if the operation had happened", so the chain is still validated.
        if (check && !trylock) {
            validateChain(t, h, key, t.depth == 1);
        }
        return 1;
    }

    /**
     * validate_chain(): on a chain-cache miss, check_deadlock() then check_prevs_add().
     *
     * <p>Lockdep caches a chain before validating it and never validates it again, which is
     * harmless only because its first report turns lockdep off. Here validation goes on after a
     * report, so a chain is cached only once it validated cleanly: a chain whose dependency was
     * refused is checked again the next time it is seen, with or without the cache, and the
     * verdict does not depend on the cache.
     */
    private void validateChain(LockThread t, HeldLock next, long key, boolean chainHead) {
        boolean cache = options.chainCache();
        if (cache && chains.contains(key)) {
            return;
        }
        int ret = checkDeadlock(t, next);
        if (ret == 0) {
            return;
        }
        if (!chainHead && ret != 2 && !checkPrevsAdd(t, next)) {
            return;
        }
        if (cache) {
            chains.add(key);
        }
    }

    /** check_deadlock(): the same class twice on one stack, unless read recursion or a nest lock. */
    private int checkDeadlock(LockThread t, HeldLock next) {
        boolean nestHeld = false;
        for (int i = 0; i < t.depth - 1; i++) {
            HeldLock prev = t.held[i];
            if (next.nest != null && prev.lock == next.nest) {
                nestHeld = true;
            }
            if (prev.lockClass != next.lockClass) {
                continue;
            }
            if (next.read == 2 && prev.read != 0) {
                continue;
            }
            if (nestHeld) {
                return 2;
            }
            reportRecursion(t, prev, next);
            return 0;
        }
        return 1;
    }

    /** check_prevs_add(): edges from the top held lock, and from trylocks above the first real one. */
    private boolean checkPrevsAdd(LockThread t, HeldLock next) {
        for (int i = t.depth - 2; i >= 0; i--) {
            HeldLock h = t.held[i];
            if (h.check) {
                if (!checkPrevAdd(t, h, next)) {
                    return false;
                }
                if (!h.trylock) {
                    break;
                }
            }
        }
        return true;
    }

    /** check_prev_add(): no strong cycle, no irq-safe -> irq-unsafe order, then record. */
    private boolean checkPrevAdd(LockThread t, HeldLock prev, HeldLock next) {
        int p = prev.lockClass.id();
        int n = next.lockClass.id();
        int hit = graph.findCycle(p, prev.read, n, next.read);
        if (hit != DependencyGraph.NONE) {
            if (hit == DependencyGraph.ROOT) {
                reportRecursion(t, prev, next);
            } else {
                reportCycle(t, prev, next, graph.path(hit));
            }
            return false;
        }
        if (anyUsedIn && !checkIrqUsage(t, prev, next)) {
            return false;
        }
        int e = graph.edge(p, n);
        if (e >= 0) {
            graph.addDependencyType(e, prev.read, next.read);
        } else {
            graph.addEdge(new Dependency(t.name(), prev.lockClass, prev.read, prev.site,
                    next.lockClass, next.read, next.site), p, prev.read, n, next.read);
        }
        return true;
    }

    // ---------------------------------------------------------------- irq usage (lockdep.c)

    /** Whether {@code c} has every usage bit that mark_usage() would set for this acquisition. */
    private static boolean hasUsage(LockThread t, LockClass c, int read, boolean trylock, boolean hardirqsOff) {
        boolean r = read != 0;
        int needed = 0;
        if (!trylock && t.context() != ExecContext.TASK) {
            int state = t.context() == ExecContext.HARDIRQ ? UsageBits.HARDIRQ : UsageBits.SOFTIRQ;
            needed |= UsageBits.flag(UsageBits.usedIn(state, r));
        }
        if (!hardirqsOff) {
            needed |= UsageBits.flag(UsageBits.enabled(UsageBits.HARDIRQ, r));
            if (t.softirqsEnabled()) {
                needed |= UsageBits.flag(UsageBits.enabled(UsageBits.SOFTIRQ, r));
            }
        }
        return (c.usageMask & needed) == needed;
    }

    /** mark_usage(): USED_IN bits in interrupt context, ENABLED bits with interrupts on. */
    private boolean markUsage(LockThread t, HeldLock h) {
        boolean read = h.read != 0;
        if (!h.trylock) {
            if (t.context() == ExecContext.HARDIRQ
                    && !markLock(t, h, UsageBits.usedIn(UsageBits.HARDIRQ, read), h.site)) {
                return false;
            }
            if (t.context() == ExecContext.SOFTIRQ
                    && !markLock(t, h, UsageBits.usedIn(UsageBits.SOFTIRQ, read), h.site)) {
                return false;
            }
        }
        if (!h.hardirqsOff) {
            if (!markLock(t, h, UsageBits.enabled(UsageBits.HARDIRQ, read), h.site)) {
                return false;
            }
            if (t.softirqsEnabled() && !markLock(t, h, UsageBits.enabled(UsageBits.SOFTIRQ, read), h.site)) {
                return false;
            }
        }
        return true;
    }

    /** mark_held_locks(). */
    private boolean markHeldLocks(LockThread t, int baseBit, Site site) {
        for (int i = 0; i < t.depth; i++) {
            HeldLock h = t.held[i];
            if (!h.check) {
                continue;
            }
            if (!markLock(t, h, baseBit + (h.read != 0 ? UsageBits.READ_MASK : 0), site)) {
                return false;
            }
        }
        return true;
    }

    /** mark_lock() and mark_lock_irq(). False when a report was made. */
    private boolean markLock(LockThread t, HeldLock h, int bit, Site site) {
        LockClass c = h.lockClass;
        int flag = UsageBits.flag(bit);
        if ((c.usageMask & flag) != 0) {
            return true;
        }
        c.usageMask |= flag;
        c.usageTraces[bit] = new LockClass.UsageTrace(t.name(), site);
        // A cached chain was validated against the usage bits of its time. Lockdep relies on
        // the searches below to catch what a new bit makes wrong; they stop at the first report,
        // so here the cache is dropped instead and every chain is checked against the new bit.
        // Usage bits only ever get set, at most eight per class, so this is rare. An ENABLED bit
        // of an irq state no class is USED_IN yet cannot make any chain wrong (check_irq_usage()
        // looks only for ENABLED bits exclusive to USED_IN ones), so then the cache stays.
        if ((flag & UsageBits.USED_IN_IRQ_ALL) != 0) {
            anyUsedIn = true;
            usedInAll |= flag;
        }
        if ((flag & UsageBits.USED_IN_IRQ_ALL) != 0 || (usedInAll & UsageBits.exclusiveMask(flag)) != 0) {
            chains.clear();
        }
        int excl = UsageBits.exclusiveBit(bit);
        boolean read = (bit & UsageBits.READ_MASK) != 0;
        boolean ok = true;
        if ((c.usageMask & UsageBits.flag(excl)) != 0) {
            reportInconsistent(t, h, excl, bit, site);
            ok = false;
        } else if (!read && (c.usageMask & UsageBits.flag(excl | UsageBits.READ_MASK)) != 0) {
            reportInconsistent(t, h, excl | UsageBits.READ_MASK, bit, site);
            ok = false;
        }
        // Lockdep stops at the first report (and is off afterwards). Validation goes on here, so
        // the graph is searched even after an inconsistent state: the new bit is set now and no
        // later check would look at the dependencies it makes wrong.
        int mask = UsageBits.flag(excl) | UsageBits.flag(excl | UsageBits.READ_MASK);
        boolean enabling = (bit & UsageBits.DIR_MASK) != 0;
        int hit = enabling
                ? graph.findUsage(c.id(), h.read != 0, false, mask)   // check_usage_backwards()
                : graph.findUsage(c.id(), h.read == 2, true, mask);   // check_usage_forwards()
        if (hit == DependencyGraph.NONE || (hit == DependencyGraph.ROOT && !ok)) {
            return ok;
        }
        List<Integer> path = hit == DependencyGraph.ROOT ? List.of() : graph.path(hit);
        reportInversion(t, h, bit, excl, enabling, path, site);
        return false;
    }

    /** check_irq_usage(): a new dependency must not connect an irq-safe lock to an irq-unsafe one. */
    private boolean checkIrqUsage(LockThread t, HeldLock prev, HeldLock next) {
        int p = prev.lockClass.id();
        int n = next.lockClass.id();
        int usage = graph.accumulateUsageBackwards(p, prev.read != 0) & UsageBits.USED_IN_IRQ_ALL;
        if (usage == 0) {
            return true;
        }
        int forwardHit = graph.findUsage(n, next.read == 2, true, UsageBits.exclusiveMask(usage));
        if (forwardHit == DependencyGraph.NONE) {
            return true;
        }
        List<Integer> forwardPath = forwardHit == DependencyGraph.ROOT ? List.of() : graph.path(forwardHit);
        int unsafe = forwardHit == DependencyGraph.ROOT ? n : graph.edgeTo(forwardHit);
        int backwardMask = UsageBits.originalMask(graph.lockClass(unsafe).usageMask & UsageBits.ENABLED_IRQ_ALL);
        int backwardHit = graph.findUsage(p, prev.read != 0, false, backwardMask);
        if (backwardHit == DependencyGraph.NONE) {
            return true; // lockdep WARNs here: cannot happen with a consistent graph
        }
        List<Integer> backwardPath = backwardHit == DependencyGraph.ROOT ? List.of() : graph.path(backwardHit);
        int safe = backwardHit == DependencyGraph.ROOT ? p : graph.edgeFrom(backwardHit);
        reportBadIrqDependency(t, prev, next, graph.lockClass(safe), graph.lockClass(unsafe),
                backwardPath, forwardPath);
        return false;
    }

    // ---------------------------------------------------------------- helpers

    private int findHeld(LockThread t, Lock lock) {
        for (int i = t.depth - 1; i >= 0; i--) {
            if (matches(t.held[i], lock)) {
                return i;
            }
        }
        return -1;
    }

    /** match_held_lock(): the instance, or the class of an entry with merged references. */
    private static boolean matches(HeldLock h, Lock lock) {
        return h.lock == lock || (h.references > 0 && h.lockClass == lock.lockClass());
    }

    private void report(LockThread t, Finding f) {
        if (t.reportedInOperation) {
            return;
        }
        t.reportedInOperation = true;
        sink.report(f);
    }

    private boolean firstReportOf(FindingKind kind, int prevClass, int nextClass) {
        long key = ((long) kind.ordinal() << 56) | ((long) prevClass << 28) | nextClass;
        return reportedPairs.add(key);
    }

    private static String contextName(LockThread t) {
        return switch (t.context()) {
            case TASK -> "task";
            case SOFTIRQ -> "softirq";
            case HARDIRQ -> "hardirq";
        };
    }

    private static void addHeld(List<String> r, LockThread t) {
        addHeld(r, t, t.depth);
    }

    /** lockdep_print_held_locks(): the first {@code depth} held locks of {@code t}. */
    private static void addHeld(List<String> r, LockThread t, int depth) {
        r.add("");
        if (depth == 0) {
            r.add("no locks held by " + t.name() + ".");
            return;
        }
        r.add(depth + " lock" + (depth == 1 ? "" : "s") + " held by " + t.name() + ":");
        List<String> held = t.describeHeld();
        for (int i = 0; i < depth; i++) {
            r.add("  " + held.get(i));
        }
    }

    private static TreeSet<Integer> linesOf(LockThread t, Site site) {
        TreeSet<Integer> lines = new TreeSet<>();
        addLine(lines, site);
        for (int i = 0; i < t.depth; i++) {
            addLine(lines, t.held[i].site);
        }
        return lines;
    }

    private static void addLine(Set<Integer> lines, Site site) {
        if (site != null && site.hasLine()) {
            lines.add(site.line());
        }
    }

    // ---------------------------------------------------------------- reports

    private void reportRecursion(LockThread t, HeldLock prev, HeldLock next) {
        int c = next.lockClass.id();
        if (!firstReportOf(FindingKind.RECURSIVE_LOCKING, c, c)) {
            return; // reported before: one mistake, one finding
        }
        List<String> r = new ArrayList<>();
        r.add(FindingKind.RECURSIVE_LOCKING.headline());
        r.add("thread " + t.name() + " is trying to acquire lock:");
        r.add("  " + next.describe());
        r.add("");
        r.add("but thread is already holding lock:");
        r.add("  " + prev.describe());
        r.add("");
        r.add("other info that might help us debug this:");
        r.add(" Possible unsafe locking scenario:");
        r.add("");
        r.add("       " + t.name());
        r.add("       ----");
        r.add("  lock(" + prev.lockClass.name() + ");");
        r.add("  lock(" + next.lockClass.name() + ");");
        r.add("");
        r.add(" *** DEADLOCK ***");
        r.add("");
        r.add(" May be due to missing lock nesting notation");
        addHeld(r, t, t.depth - 1);
        TreeSet<Integer> lines = new TreeSet<>();
        addLine(lines, prev.site);
        addLine(lines, next.site);
        Dependency again = new Dependency(t.name(), prev.lockClass, prev.read, prev.site,
                next.lockClass, next.read, next.site);
        report(t, new Finding(FindingKind.RECURSIVE_LOCKING, null, t.name(), next.site,
                next.lock.name() + " acquired while " + prev.lock.name() + " of the same class is held"
                        + " (thread " + t.name() + ", " + next.site.describe() + ")",
                r, List.of(again), lines));
    }

    private void reportCycle(LockThread t, HeldLock prev, HeldLock next, List<Integer> path) {
        if (!firstReportOf(FindingKind.CIRCULAR_DEPENDENCY, prev.lockClass.id(), next.lockClass.id())) {
            return; // reported before: one mistake, one finding
        }
        Dependency added = new Dependency(t.name(), prev.lockClass, prev.read, prev.site,
                next.lockClass, next.read, next.site);
        List<Dependency> chain = new ArrayList<>();
        chain.add(added);
        for (int e : path) {
            chain.add(graph.provenance(e));
        }
        List<String> names = new ArrayList<>();
        names.add(prev.lockClass.name());
        names.add(next.lockClass.name());
        for (int e : path) {
            names.add(graph.lockClass(graph.edgeTo(e)).name());
        }
        List<String> r = new ArrayList<>();
        r.add(FindingKind.CIRCULAR_DEPENDENCY.headline());
        r.add("thread " + t.name() + " is trying to acquire lock:");
        r.add("  " + next.describe());
        r.add("");
        r.add("but thread is already holding lock:");
        r.add("  " + prev.describe());
        r.add("");
        r.add("which lock already depends on the new lock.");
        r.add("");
        r.add("the existing dependency chain (in reverse order) is:");
        int k = path.size();
        for (int i = path.size() - 1; i >= 0; i--) {
            Dependency d = graph.provenance(path.get(i));
            r.add("");
            r.add("-> #" + k-- + " (" + d.next().name() + "):");
            r.add("       " + d.describe());
        }
        r.add("");
        r.add("-> #0 (" + next.lockClass.name() + "):");
        r.add("       " + added.describe());
        r.add("");
        r.add("other info that might help us debug this:");
        r.add("");
        LockClass source = next.lockClass;
        LockClass target = prev.lockClass;
        Dependency last = graph.provenance(path.get(path.size() - 1));
        LockClass parent = last.prev();
        if (parent != source) {
            r.add("Chain exists of:");
            r.add("  " + String.join(" --> ", names.subList(1, names.size())));
            r.add("");
        }
        String left = t.name();
        String right = last.thread().equals(left) ? last.thread() + " (again)" : last.thread();
        int width = Math.max(left.length() + 8, 24);
        r.add(" Possible unsafe locking scenario:");
        r.add("");
        r.add(pad("       " + left, width + 7) + right);
        r.add(pad("       " + "-".repeat(left.length()), width + 7) + "-".repeat(right.length()));
        r.add("  lock(" + target.name() + ");");
        r.add(pad("", width + 7) + "lock(" + parent.name() + ");");
        r.add(pad("", width + 7) + "lock(" + target.name() + ");");
        r.add("  lock(" + source.name() + ");");
        r.add("");
        r.add(" *** DEADLOCK ***");
        addHeld(r, t, t.depth - 1);
        TreeSet<Integer> lines = new TreeSet<>();
        for (Dependency d : chain) {
            addLine(lines, d.prevSite());
            addLine(lines, d.nextSite());
        }
        report(t, new Finding(FindingKind.CIRCULAR_DEPENDENCY, null, t.name(), next.site,
                String.join(" -> ", names) + " (thread " + t.name() + ", " + next.site.describe() + ")",
                r, chain, lines));
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }

    private void reportInconsistent(LockThread t, HeldLock h, int oldBit, int newBit, Site site) {
        LockClass c = h.lockClass;
        LockClass.UsageTrace old = c.usageTraces[oldBit];
        List<String> r = new ArrayList<>();
        r.add(FindingKind.IRQ_UNSAFE.headline());
        r.add("inconsistent {" + UsageBits.name(oldBit) + "} -> {" + UsageBits.name(newBit) + "} usage.");
        if (site.equals(h.site)) {
            r.add("thread " + t.name() + " (" + contextName(t) + ") takes:");
        } else {
            r.add("thread " + t.name() + " (" + contextName(t) + "), at " + site.describe() + ", holds:");
        }
        r.add("  " + h.describe());
        r.add("{" + UsageBits.name(oldBit) + "} state was registered at:");
        r.add("  thread " + old.thread() + ", " + old.site().describe());
        r.add("");
        r.add("other info that might help us debug this:");
        r.add(" Possible unsafe locking scenario:");
        r.add("");
        r.add("       CPU0");
        r.add("       ----");
        r.add("  lock(" + c.name() + ");");
        r.add("  <Interrupt>");
        r.add("    lock(" + c.name() + ");");
        r.add("");
        r.add(" *** DEADLOCK ***");
        addHeld(r, t);
        TreeSet<Integer> lines = new TreeSet<>();
        addLine(lines, site);
        addLine(lines, h.site);
        addLine(lines, old.site());
        report(t, new Finding(FindingKind.IRQ_UNSAFE, null, t.name(), site,
                c.name() + " is used in both " + UsageBits.name(oldBit) + " and " + UsageBits.name(newBit)
                        + " ways", r, List.of(), lines));
    }

    private void reportInversion(LockThread t, HeldLock h, int bit, int excl, boolean backwards,
                                 List<Integer> path, Site site) {
        LockClass c = h.lockClass;
        LockClass other = path.isEmpty() ? c
                : graph.lockClass(backwards ? graph.edgeFrom(path.get(path.size() - 1))
                        : graph.edgeTo(path.get(path.size() - 1)));
        List<Dependency> chain = new ArrayList<>();
        for (int e : path) {
            chain.add(graph.provenance(e));
        }
        List<String> r = new ArrayList<>();
        r.add("WARNING: possible irq lock inversion dependency detected");
        r.add("thread " + t.name() + " (" + contextName(t) + ") just changed the state of lock:");
        r.add("  " + h.describe() + " {" + UsageBits.name(bit) + "}");
        r.add(backwards
                ? "but this lock was taken by another, " + UsageBits.stateName(excl) + "-safe lock in the past:"
                : "but this lock took another, " + UsageBits.stateName(excl) + "-unsafe lock in the past:");
        r.add("  " + other.name());
        r.add("");
        r.add("the dependencies between them:");
        for (Dependency d : chain) {
            r.add("  " + d.describe());
        }
        r.add("");
        r.add(" Possible interrupt unsafe locking scenario:");
        r.add("");
        LockClass safe = backwards ? other : c;
        LockClass unsafe = backwards ? c : other;
        r.add("       CPU0                    CPU1");
        r.add("       ----                    ----");
        r.add("  lock(" + unsafe.name() + ");");
        r.add("                               local_irq_disable();");
        r.add("                               lock(" + safe.name() + ");");
        r.add("                               lock(" + unsafe.name() + ");");
        r.add("  <Interrupt>");
        r.add("    lock(" + safe.name() + ");");
        r.add("");
        r.add(" *** DEADLOCK ***");
        addHeld(r, t);
        TreeSet<Integer> lines = new TreeSet<>();
        addLine(lines, site);
        addLine(lines, h.site);
        for (Dependency d : chain) {
            addLine(lines, d.prevSite());
            addLine(lines, d.nextSite());
        }
        addTraceLines(lines, safe);
        addTraceLines(lines, unsafe);
        report(t, new Finding(FindingKind.IRQ_UNSAFE, null, t.name(), site,
                "irq lock inversion: " + safe.name() + " is irq-safe and reaches irq-unsafe " + unsafe.name(),
                r, chain, lines));
    }

    private void reportBadIrqDependency(LockThread t, HeldLock prev, HeldLock next, LockClass safe,
                                        LockClass unsafe, List<Integer> backwardPath, List<Integer> forwardPath) {
        if (!firstReportOf(FindingKind.IRQ_UNSAFE, prev.lockClass.id(), next.lockClass.id())) {
            return; // reported before: one mistake, one finding
        }
        int safeBit = lowestUsedIn(safe.usageMask);
        String state = UsageBits.stateName(safeBit);
        Dependency added = new Dependency(t.name(), prev.lockClass, prev.read, prev.site,
                next.lockClass, next.read, next.site);
        List<Dependency> chain = new ArrayList<>();
        for (int i = backwardPath.size() - 1; i >= 0; i--) {
            chain.add(graph.provenance(backwardPath.get(i)));
        }
        chain.add(added);
        for (int e : forwardPath) {
            chain.add(graph.provenance(e));
        }
        List<String> r = new ArrayList<>();
        r.add("WARNING: " + state + "-safe -> " + state + "-unsafe lock order detected");
        r.add("thread " + t.name() + " is trying to acquire:");
        r.add("  " + next.describe());
        r.add("and this thread is already holding:");
        r.add("  " + prev.describe());
        r.add("which would create a new lock dependency:");
        r.add("  " + prev.lockClass.name() + " -> " + next.lockClass.name());
        r.add("");
        r.add("but this new dependency connects a " + state + "-irq-safe lock:");
        r.add("  " + safe.name() + ", which became " + state + "-irq-safe at: " + traceOf(safe, safeBit));
        r.add("to a " + state + "-irq-unsafe lock:");
        int unsafeBit = lowestEnabled(unsafe.usageMask, safeBit);
        r.add("  " + unsafe.name() + ", which became " + state + "-irq-unsafe at: " + traceOf(unsafe, unsafeBit));
        r.add("");
        r.add("the dependency chain:");
        for (Dependency d : chain) {
            r.add("  " + d.describe());
        }
        r.add("");
        r.add(" Possible interrupt unsafe locking scenario:");
        r.add("");
        r.add("       CPU0                    CPU1");
        r.add("       ----                    ----");
        r.add("  lock(" + unsafe.name() + ");");
        r.add("                               local_irq_disable();");
        r.add("                               lock(" + safe.name() + ");");
        r.add("                               lock(" + unsafe.name() + ");");
        r.add("  <Interrupt>");
        r.add("    lock(" + safe.name() + ");");
        r.add("");
        r.add(" *** DEADLOCK ***");
        addHeld(r, t);
        TreeSet<Integer> lines = new TreeSet<>();
        for (Dependency d : chain) {
            addLine(lines, d.prevSite());
            addLine(lines, d.nextSite());
        }
        addTraceLines(lines, safe);
        addTraceLines(lines, unsafe);
        report(t, new Finding(FindingKind.IRQ_UNSAFE, null, t.name(), next.site,
                state + "-safe " + safe.name() + " -> " + state + "-unsafe " + unsafe.name()
                        + " through new dependency " + prev.lockClass.name() + " -> " + next.lockClass.name(),
                r, chain, lines));
    }

    private static int lowestUsedIn(int mask) {
        for (int bit = 0; bit < UsageBits.STATES; bit++) {
            if ((mask & UsageBits.flag(bit) & UsageBits.USED_IN_IRQ_ALL) != 0) {
                return bit;
            }
        }
        return 0;
    }

    private static int lowestEnabled(int mask, int safeBit) {
        int excl = UsageBits.exclusiveBit(safeBit);
        if ((mask & UsageBits.flag(excl)) != 0) {
            return excl;
        }
        if ((mask & UsageBits.flag(excl | UsageBits.READ_MASK)) != 0) {
            return excl | UsageBits.READ_MASK;
        }
        for (int bit = 0; bit < UsageBits.STATES; bit++) {
            if ((mask & UsageBits.flag(bit) & UsageBits.ENABLED_IRQ_ALL) != 0) {
                return bit;
            }
        }
        return excl;
    }

    private static String traceOf(LockClass c, int bit) {
        LockClass.UsageTrace tr = c.usageTraces[bit];
        return tr == null ? "(unknown)" : "thread " + tr.thread() + ", " + tr.site().describe();
    }

    private static void addTraceLines(Set<Integer> lines, LockClass c) {
        for (LockClass.UsageTrace tr : c.usageTraces) {
            if (tr != null) {
                addLine(lines, tr.site());
            }
        }
    }

    private Finding misuse(LockThread t, Lock lock, Lock nest, Site site) {
        List<String> r = new ArrayList<>();
        r.add(FindingKind.WW_CONTEXT_MISUSE.headline());
        r.add("thread " + t.name() + " is trying to acquire lock:");
        r.add("  " + lock.name() + ", at " + site.describe());
        r.add("but its nest lock (the acquire context) is not held:");
        r.add("  " + nest.name());
        addHeld(r, t);
        return new Finding(FindingKind.WW_CONTEXT_MISUSE, null, t.name(), site,
                lock.name() + " locked under acquire context " + nest.name() + ", which is not held",
                r, List.of(), linesOf(t, site));
    }

    private Finding mergedWithoutContext(LockThread t, HeldLock h, Site site, String what) {
        List<String> r = new ArrayList<>();
        r.add(FindingKind.WW_CONTEXT_MISUSE.headline());
        r.add("thread " + t.name() + " " + what + " at " + site.describe() + ", holding");
        r.add("a lock that a ww_lock under an acquire context that was not held was merged into:");
        r.add("  " + h.describe());
        r.add("(lockdep: DEBUG_LOCKS_WARN_ON(!hlock->nest_lock) in match_held_lock())");
        addHeld(r, t);
        return new Finding(FindingKind.WW_CONTEXT_MISUSE, null, t.name(), site,
                h.lock.name() + " took a ww_lock under an acquire context that was never held",
                r, List.of(), linesOf(t, site));
    }

    private Finding badUnlock(LockThread t, Lock lock, Site site) {
        List<String> r = new ArrayList<>();
        r.add(FindingKind.BAD_UNLOCK.headline());
        r.add("thread " + t.name() + " is trying to release lock (" + lock.name() + ") at " + site.describe());
        r.add(t.depth == 0 ? "but there are no more locks to release!" : "but it does not hold that lock!");
        addHeld(r, t);
        return new Finding(FindingKind.BAD_UNLOCK, null, t.name(), site,
                "thread " + t.name() + " releases " + lock.name() + ", which it does not hold",
                r, List.of(), linesOf(t, site));
    }
}
