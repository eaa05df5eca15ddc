package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.Gpu;
import dev.fencecheck.api.kernel.GpuConfig;
import dev.fencecheck.api.kernel.GpuEngine;
import dev.fencecheck.api.kernel.GpuFaultHandler;
import dev.fencecheck.api.kernel.GpuMapping;
import dev.fencecheck.api.kernel.MmuIntervalNotifier;
import dev.fencecheck.lockdep.ExecContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The GPU hardware of a model: its engines (each a modelled thread running its ring), its
 * compute units, its page tables for userptr memory, the end-of-job interrupt and, with
 * recoverable faults, the fault worker. Built with the model, before the execution starts.
 *
 * <p>Not modelled: buffer-object residency and eviction (a BO access always succeeds), several
 * GPU address spaces, TLB caching beyond an explicit invalidation, firmware schedulers and
 * runlists, doorbells and ring space, and the time a step takes.
 */
public final class ModelGpu implements Gpu {
    private final GpuConfig config;
    private final List<GpuEngine> engines = new ArrayList<>();
    private final ModelGpuVm vm;
    private final GpuInterrupts interrupts;
    private final GpuFaultWorker faultWorker;

    private ModelGpu(ModelKernel kernel, GpuConfig config) {
        this.config = config;
        this.vm = new ModelGpuVm(kernel, config.name());
        this.interrupts = new GpuInterrupts(kernel, config.name());
        this.faultWorker = config.recoverableFaults() ? new GpuFaultWorker(kernel, config.name()) : null;
        ComputeUnits shared = new ComputeUnits(config.name(), config.computeUnits());
        for (String name : config.engines()) {
            ComputeUnits units = config.sharedComputeUnits() ? shared
                    : new ComputeUnits(config.name() + "/" + name, config.computeUnits());
            ModelGpuEngine engine = new ModelGpuEngine(this, kernel, name, units);
            String thread = "gpu/" + config.name() + "/" + name;
            engine.executor = new EngineExecutor(engine, thread);
            ModelKthreads.of(kernel).kthread(kernel, thread, ExecContext.TASK, engine.executor::run);
            engines.add(engine);
        }
    }

    /** Declares the GPU's threads on {@code kernel}; call while building the model. */
    public static ModelGpu create(ModelKernel kernel, GpuConfig config) {
        return new ModelGpu(kernel, config);
    }

    @Override
    public GpuConfig config() {
        return config;
    }

    @Override
    public List<GpuEngine> engines() {
        return List.copyOf(engines);
    }

    @Override
    public void onFault(GpuFaultHandler handler) {
        if (faultWorker == null) {
            throw new UnsupportedOperationException(config.name() + " has no recoverable page faults");
        }
        faultWorker.setHandler(handler);
    }

    @Override
    public GpuMapping mapUserptr(MmuIntervalNotifier notifier, long seq) {
        return vm.map(notifier, seq);
    }

    ModelGpuVm vm() {
        return vm;
    }

    GpuInterrupts interrupts() {
        return interrupts;
    }

    GpuFaultWorker faultWorker() {
        return faultWorker;
    }
}
