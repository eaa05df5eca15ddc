package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Kernel;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.Memory;
import dev.fencecheck.api.kernel.Mm;
import dev.fencecheck.api.kernel.Reservations;
import dev.fencecheck.exec.CoopExecution;
import dev.fencecheck.exec.ModelThread;
import dev.fencecheck.kernel.KernelLockdep;
import dev.fencecheck.kernel.KernelThread;
import dev.fencecheck.lockdep.ExecContext;
import dev.fencecheck.lockdep.Finding;
import dev.fencecheck.lockdep.Site;
import dev.fencecheck.lockdep.ValidatorOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel services of one execution of a model: every service call is a scheduling point of
 * the {@link CoopExecution} and an event of the execution's own validator (primed as at boot).
 * Findings are recorded with the schedule that led to them.
 */
public final class ModelKernel implements Kernel {
    private final CoopExecution execution;
    private final KernelLockdep lockdep;
    private final Map<ModelThread, KernelThread> threads = new HashMap<>();
    private final List<ScheduledFinding> findings = new ArrayList<>();
    private final ModelLocks locks = new ModelLocks(this);
    private Fences fences;
    private Reservations reservations;
    private Memory memory;
    private Mm mm;
    private dev.fencecheck.api.kernel.Gpu gpu;
    private final Map<String, dev.fencecheck.api.kernel.GpuScheduler> schedulers = new java.util.LinkedHashMap<>();

    /** A finding and the steps that led to it. */
    public record ScheduledFinding(Finding finding, List<dev.fencecheck.exec.Step> schedule) {
    }

    public ModelKernel(CoopExecution execution) {
        this.execution = execution;
        this.lockdep = new KernelLockdep(ValidatorOptions.defaults(),
                f -> findings.add(new ScheduledFinding(f, execution.schedule())));
    }

    /** Declares a modelled thread of this execution. */
    public ModelThread thread(String name, ExecContext context, Runnable body) {
        ModelThread t = execution.thread(name, body);
        threads.put(t, lockdep.newThread(name, context));
        return t;
    }

    public CoopExecution execution() {
        return execution;
    }

    public KernelLockdep lockdep() {
        return lockdep;
    }

    /** The validator's view of the modelled thread running this code. */
    public KernelThread current() {
        return threads.get(ModelThread.current());
    }

    public KernelThread kernelThread(ModelThread t) {
        return threads.get(t);
    }

    /** Findings so far, each with its schedule. */
    public List<ScheduledFinding> findings() {
        return List.copyOf(findings);
    }

    private final List<java.util.function.Consumer<Boolean>> endChecks = new ArrayList<>();

    /**
     * Registers a check run when an execution ends ({@code true}: it ended in a deadlock), e.g.
     * that every published fence was signalled.
     */
    public void atExecutionEnd(java.util.function.Consumer<Boolean> check) {
        endChecks.add(check);
    }

    /** Runs the end-of-execution checks. */
    public void executionEnded(boolean deadlocked) {
        for (java.util.function.Consumer<Boolean> c : endChecks) {
            c.accept(deadlocked);
        }
    }

    /** Records a finding of the model itself (not of the validator). */
    public void report(Finding f) {
        findings.add(new ScheduledFinding(f, execution.schedule()));
    }

    /** Installs the other services (each is built against this kernel). */
    public void install(Fences fences, Reservations reservations, Memory memory, Mm mm) {
        this.fences = fences;
        this.reservations = reservations;
        this.memory = memory;
        this.mm = mm;
    }

    /**
     * Where the driver code calling a kernel service is: the first stack frame outside the
     * model's own packages, as {@code File.java:123}, like lockdep's {@code acquire_ip}.
     */
    public Site site(String operation) {
        String where = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames
                .filter(f -> !MODEL_PACKAGES.contains(f.getDeclaringClass().getPackageName())
                        && !f.getClassName().startsWith("java."))
                .findFirst()
                .map(f -> f.getFileName() + ":" + f.getLineNumber())
                .orElse("kernel"));
        return Site.of(where, operation);
    }

    /** The packages of the model itself, skipped when looking for the calling driver code. */
    private static final java.util.Set<String> MODEL_PACKAGES = java.util.Set.of("dev.fencecheck.kernel.model",
            "dev.fencecheck.kernel", "dev.fencecheck.exec", "dev.fencecheck.lockdep");

    @Override
    public Locks locks() {
        return locks;
    }

    @Override
    public Fences fences() {
        return require(fences, "fences");
    }

    @Override
    public Reservations reservations() {
        return require(reservations, "reservations");
    }

    @Override
    public Memory memory() {
        return require(memory, "memory");
    }

    @Override
    public Mm mm() {
        return require(mm, "mm");
    }

    private static <T> T require(T service, String name) {
        if (service == null) {
            throw new IllegalStateException("the " + name + " service is not installed in this model");
        }
        return service;
    }

    /** kernel.h: might_sleep(). */
    @Override
    public void mightSleep() {
        ModelThread t = ModelThread.current();
        Site s = site("might_sleep()");
        t.point(null, s.operation(), s.source());
        lockdep.mightSleep(threads.get(t), s);
    }

    /** irqflags.h: local_irq_disable() .. local_irq_enable(). */
    @Override
    public Held irqsDisabled() {
        ModelThread t = ModelThread.current();
        Site s = site("local_irq_disable()");
        t.point(null, s.operation(), s.source());
        KernelThread kt = threads.get(t);
        lockdep.irqDisable(kt);
        return () -> {
            Site e = site("local_irq_enable()");
            t.point(null, e.operation(), e.source());
            lockdep.irqEnable(kt, e);
        };
    }

    /** Installs the GPU of the device being modelled. */
    public void installGpu(dev.fencecheck.api.kernel.Gpu gpu) {
        this.gpu = gpu;
    }

    /** Registers a GPU scheduler so that drivers and scenarios find it by name. */
    public void registerScheduler(dev.fencecheck.api.kernel.GpuScheduler scheduler) {
        schedulers.put(scheduler.name(), scheduler);
    }

    @Override
    public dev.fencecheck.api.kernel.Gpu gpu() {
        return require(gpu, "gpu");
    }

    @Override
    public dev.fencecheck.api.kernel.GpuScheduler scheduler(String name) {
        dev.fencecheck.api.kernel.GpuScheduler s = schedulers.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no GPU scheduler named " + name + " in this model");
        }
        return s;
    }

    @Override
    public String currentThread() {
        return ModelThread.current().name();
    }
}
