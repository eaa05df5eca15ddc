package dev.fencecheck.drivers.armsoc.drm;

import com.google.inject.AbstractModule;
import dev.fencecheck.api.DriverContext;
import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.Gpu;
import dev.fencecheck.api.kernel.Kernel;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.Memory;
import dev.fencecheck.api.kernel.Mm;
import dev.fencecheck.api.kernel.Reservations;

/**
 * Binds the kernel services a driver is created with, so that its parts get them injected the way
 * kernel code reaches its subsystems: locks, fences, reservations, the page allocator, the mm and
 * the GPU.
 */
public final class KernelServicesModule extends AbstractModule {
    private final DriverContext context;

    public KernelServicesModule(DriverContext context) {
        this.context = context;
    }

    @Override
    protected void configure() {
        Kernel kernel = context.kernel();
        bind(DriverContext.class).toInstance(context);
        bind(Kernel.class).toInstance(kernel);
        bind(Locks.class).toInstance(kernel.locks());
        bind(Fences.class).toInstance(kernel.fences());
        bind(Reservations.class).toInstance(kernel.reservations());
        bind(Memory.class).toInstance(kernel.memory());
        bind(Mm.class).toInstance(kernel.mm());
        bind(Gpu.class).toInstance(kernel.gpu());
    }
}
