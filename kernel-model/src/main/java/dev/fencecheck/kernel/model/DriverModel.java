package dev.fencecheck.kernel.model;

import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.DriverProvider;
import dev.fencecheck.api.driver.Driver;
import java.util.function.Consumer;

/**
 * A driver plugin inside a complete model: the kernel's services (fences, reservations, the
 * page allocator under a given memory pressure, an mm) and the GPU its descriptor describes,
 * with the driver created as its probe would be. The caller declares the threads that exercise
 * it; {@link #explore} enumerates their interleavings.
 */
public final class DriverModel {
    /** Pages of memory in the model, and how many are already in use (memory pressure). */
    public record Memory(long capacityPages, long usedPages) {
        /** Plenty of free memory: allocations do not reclaim. */
        public static Memory plenty() {
            return new Memory(1 << 16, 0);
        }

        /** Almost full: every reclaiming allocation enters direct reclaim first. */
        public static Memory pressure() {
            return new Memory(1 << 10, (1 << 10) - 8);
        }
    }

    /**
     * One run's model.
     *
     * @param kernel     the kernel services
     * @param driver     the driver instance
     * @param descriptor what the driver claims
     */
    public record Instance(ModelKernel kernel, Driver driver, DriverDescriptor descriptor) {
    }

    private DriverModel() {
    }

    /** Builds a fresh model around the driver; {@code threads} declares the threads to run. */
    public static Instance build(ModelKernel kernel, DriverProvider provider, Memory memory,
                                 Consumer<Instance> threads) {
        DriverDescriptor descriptor = provider.descriptor();
        ModelMemory mem = new ModelMemory(kernel, memory.capacityPages(), Math.max(1, memory.capacityPages() / 64));
        if (memory.usedPages() > 0) {
            mem.occupy(memory.usedPages());
        }
        kernel.install(new ModelFences(kernel), new ModelReservations(kernel), mem, new ModelMm(kernel));
        kernel.installGpu(ModelGpu.create(kernel, descriptor.hardware()));
        ModelDriverContext context = new ModelDriverContext(kernel);
        Driver driver = provider.create(context);
        context.setUpDone();
        Instance instance = new Instance(kernel, driver, descriptor);
        threads.accept(instance);
        return instance;
    }

    /** Explores every interleaving (within the budget) of the threads {@code threads} declares. */
    public static ModelExploration.Result explore(DriverProvider provider, Memory memory, Consumer<Instance> threads,
                                                  long maxExecutions, long stepTimeoutMillis) {
        return ModelExploration.explore(k -> build(k, provider, memory, threads), maxExecutions, 0,
                stepTimeoutMillis);
    }
}
