package dev.fencecheck.drivers.i915;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import dev.fencecheck.api.DriverContext;
import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.Gpu;
import dev.fencecheck.api.kernel.Kernel;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.Memory;
import dev.fencecheck.api.kernel.Mm;
import dev.fencecheck.api.kernel.Reservations;

/**
 * The mainline i915 driver: the kernel services of the context it is created with, and its
 * parts. Historical variants override one behaviour ({@link I915Variants}).
 */
final class I915Module extends AbstractModule {
    private final DriverContext context;

    I915Module(DriverContext context) {
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

        // the behaviours a historical variant may replace
        bind(PageDirectories.class).to(PtStash.class);
        bind(FenceSlotReservation.class).to(ReserveInValidate.class);
        bind(ExecbufAnnotation.class).to(ExecbufUnannotated.class);

        // the parts, created with the driver (its probe): schedulers and the shrinker register here
        bind(CurrentTask.class).in(Singleton.class);
        bind(I915SwFenceWork.class);
        bind(IntelEngines.class);
        bind(IntelEnginePulse.class);
        bind(I915GemObjects.class);
        bind(I915GemContexts.class);
        bind(I915Vma.class);
        bind(I915GemUserptr.class);
        bind(I915GemExecbuffer.class);
        bind(I915GemShrinker.class);
        bind(I915Driver.class);
    }
}
