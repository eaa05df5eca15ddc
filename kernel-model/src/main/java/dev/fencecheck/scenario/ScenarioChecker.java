package dev.fencecheck.scenario;

import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.kernel.DmaFence;
import dev.fencecheck.kernel.KernelLockdep;
import dev.fencecheck.kernel.KernelThread;
import dev.fencecheck.kernel.MemallocScope;
import dev.fencecheck.kernel.WwAcquireContext;
import dev.fencecheck.lockdep.ExecContext;
import dev.fencecheck.lockdep.Finding;
import dev.fencecheck.lockdep.Lock;
import dev.fencecheck.lockdep.LockClass;
import dev.fencecheck.lockdep.ReadMode;
import dev.fencecheck.lockdep.Site;
import dev.fencecheck.lockdep.ValidatorOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a scenario in lockdep mode ({@code fencecheck check}): after the boot-time priming, each
 * shrinker and notifier body once in a kernel thread of its own, then each thread to the end in
 * declaration order, all on one validator. Like lockdep, it proves deadlocks from the orders it
 * has seen, without needing the threads to interleave.
 */
public final class ScenarioChecker {
    private final Scenario scenario;
    private final KernelLockdep kernel;
    private final List<Finding> findings = new ArrayList<>();
    private final Map<String, LockClass> classes = new HashMap<>();
    private final Map<String, Lock> locks = new HashMap<>();
    private final Map<String, DmaFence> fences = new HashMap<>();

    private ScenarioChecker(Scenario scenario, ValidatorOptions options) {
        this.scenario = scenario;
        this.kernel = new KernelLockdep(options, findings::add);
        declare();
    }

    public static CheckResult check(Scenario scenario) {
        return check(scenario, ValidatorOptions.defaults());
    }

    public static CheckResult check(Scenario scenario, ValidatorOptions options) {
        ScenarioChecker checker = new ScenarioChecker(scenario, options);
        checker.run();
        return new CheckResult(scenario, checker.findings, scenario.expectations().judge(checker.findings));
    }

    private void declare() {
        classes.put(BuiltinNames.DMA_RESV, kernel.reservationClass());
        classes.put(BuiltinNames.DMA_RESV_ACQUIRE, kernel.reservationAcquireClass());
        for (Lock builtin : List.of(kernel.mmapLock(), kernel.iMmapRwsem(), kernel.fsReclaim(),
                kernel.mmuNotifier(), kernel.dmaFenceMap())) {
            classes.put(builtin.lockClass().name(), builtin.lockClass());
            locks.put(builtin.name(), builtin);
        }
        locks.put(BuiltinNames.DMA_RESV, kernel.validator().newLock(BuiltinNames.DMA_RESV,
                kernel.reservationClass(), false, true));
        locks.put(BuiltinNames.DMA_RESV_ACQUIRE, kernel.validator().newLock(BuiltinNames.DMA_RESV_ACQUIRE,
                kernel.reservationAcquireClass(), false, false));
        for (Scenario.LockDecl d : scenario.locks().values()) {
            LockClass c = classes.computeIfAbsent(d.className(), n -> kernel.validator().newClass(n));
            if (d.kind() == LockKind.WW_MUTEX) {
                kernel.acquireClassOf(c);
            }
            locks.put(d.name(), kernel.validator().newLock(d.name(), c, d.kind().spinning(), d.kind().sleeping()));
        }
        for (Scenario.FenceDecl d : scenario.fences().values()) {
            fences.put(d.name(), new DmaFence(d.name(), d.timeline()));
        }
    }

    private void run() {
        for (Body b : scenario.bodies(Body.Kind.SHRINKER)) {
            KernelThread t = kernel.newThread("shrinker " + b.name(), ExecContext.TASK);
            Site site = new Site(scenario.file(), b.line(), "shrinker " + b.name() + " (run by reclaim)");
            kernel.enterReclaim(t, site);
            runOps(t, b, new HashMap<>());
            kernel.exitReclaim(t, site);
            kernel.exit(t, site);
        }
        for (Body b : scenario.bodies(Body.Kind.NOTIFIER)) {
            KernelThread t = kernel.newThread("notifier " + b.name(), ExecContext.TASK);
            Site site = new Site(scenario.file(), b.line(), "notifier " + b.name() + " (run by invalidation)");
            kernel.enterInvalidate(t, site);
            runOps(t, b, new HashMap<>());
            kernel.exitInvalidate(t, site);
            kernel.exit(t, site);
        }
        for (Body b : scenario.bodies(Body.Kind.THREAD)) {
            KernelThread t = kernel.newThread(b.name(), b.context().exec());
            runOps(t, b, new HashMap<>());
            kernel.exit(t, new Site(scenario.file(), lastLine(b), "end of thread " + b.name()));
        }
    }

    private static int lastLine(Body b) {
        return b.ops().isEmpty() ? b.line() : b.ops().get(b.ops().size() - 1).line();
    }

    private void runOps(KernelThread t, Body body, Map<String, WwAcquireContext> contexts) {
        for (Op op : body.ops()) {
            Site site = new Site(scenario.file(), op.line(), op.text());
            switch (op.code()) {
                case LOCK -> kernel.lock(t, lock(op), ReadMode.WRITE, site);
                case READ -> kernel.lock(t, lock(op), ReadMode.READ, site);
                case READ_RECURSIVE -> kernel.lock(t, lock(op), ReadMode.RECURSIVE_READ, site);
                case TRYLOCK -> kernel.trylock(t, lock(op), ReadMode.WRITE, site);
                case UNLOCK -> kernel.unlock(t, lock(op), site);
                case WW_ACQUIRE -> {
                    LockClass ww = classes.get(op.extra() == null ? BuiltinNames.DMA_RESV : op.extra());
                    WwAcquireContext ctx = kernel.newAcquireContext(op.target(), ww);
                    contexts.put(op.target(), ctx);
                    kernel.wwAcquireInit(t, ctx, site);
                }
                case WW_LOCK -> {
                    Lock x = lock(op);
                    WwAcquireContext ctx = contexts.computeIfAbsent(op.extra(),
                            n -> kernel.newAcquireContext(n, x.lockClass()));
                    kernel.wwMutexLock(t, x, ctx, site);
                }
                case WW_RELEASE -> {
                    WwAcquireContext ctx = contexts.computeIfAbsent(op.target(),
                            n -> kernel.newAcquireContext(n, kernel.reservationClass()));
                    kernel.wwAcquireFini(t, ctx, site);
                }
                case ALLOC -> kernel.mightAlloc(t, Gfp.byName(op.target()), site);
                case NOFS_SAVE -> kernel.memallocSave(t, MemallocScope.NOFS);
                case NOFS_RESTORE -> kernel.memallocRestore(t, MemallocScope.NOFS);
                case NOIO_SAVE -> kernel.memallocSave(t, MemallocScope.NOIO);
                case NOIO_RESTORE -> kernel.memallocRestore(t, MemallocScope.NOIO);
                case NORECLAIM_SAVE -> kernel.memallocSave(t, MemallocScope.NORECLAIM);
                case NORECLAIM_RESTORE -> kernel.memallocRestore(t, MemallocScope.NORECLAIM);
                case BEGIN_SIGNALLING -> kernel.beginSignalling(t, site);
                case END_SIGNALLING -> kernel.endSignalling(t, site);
                case PUBLISH -> kernel.publish(t, fences.get(op.target()), site);
                case SIGNAL -> kernel.signal(t, fences.get(op.target()), site);
                case WAIT -> kernel.wait(t, fences.get(op.target()), site);
                case MIGHT_SLEEP -> kernel.mightSleep(t, site);
                case IRQ_DISABLE -> kernel.irqDisable(t);
                case IRQ_ENABLE -> kernel.irqEnable(t, site);
                case BH_DISABLE -> kernel.bhDisable(t);
                case BH_ENABLE -> kernel.bhEnable(t, site);
                case RECLAIM -> reclaim(t, site);
                case INVALIDATE -> invalidate(t, site);
                default -> throw new IllegalStateException(op.code().toString());
            }
        }
    }

    private Lock lock(Op op) {
        return locks.get(op.target());
    }

    /** Direct reclaim from {@code t}: the shrinkers under fs_reclaim, then the notifiers. */
    private void reclaim(KernelThread t, Site site) {
        boolean nested = t.inReclaim(); // PF_MEMALLOC: reclaim does not recurse into reclaim
        kernel.enterReclaim(t, site);
        if (!nested) {
            for (Body b : scenario.bodies(Body.Kind.SHRINKER)) {
                runOps(t, b, new HashMap<>());
            }
        }
        invalidateBodies(t, site, nested);
        kernel.exitReclaim(t, site);
    }

    private void invalidate(KernelThread t, Site site) {
        invalidateBodies(t, site, t.inReclaim());
    }

    private void invalidateBodies(KernelThread t, Site site, boolean nested) {
        kernel.enterInvalidate(t, site);
        if (!nested) {
            for (Body b : scenario.bodies(Body.Kind.NOTIFIER)) {
                runOps(t, b, new HashMap<>());
            }
        }
        kernel.exitInvalidate(t, site);
    }
}
