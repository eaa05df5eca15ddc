package dev.fencecheck.drivers.i915;

import com.google.inject.Guice;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.util.Modules;
import dev.fencecheck.api.DriverContext;
import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.DriverProvider;
import dev.fencecheck.api.driver.Driver;

/** One i915 model: its descriptor and the behaviours it binds over mainline. */
final class I915Provider implements DriverProvider {
    private final DriverDescriptor descriptor;
    private final Module behaviour;

    I915Provider(DriverDescriptor descriptor, Module behaviour) {
        this.descriptor = descriptor;
        this.behaviour = behaviour;
    }

    @Override
    public DriverDescriptor descriptor() {
        return descriptor;
    }

    /**
     * i915_driver_probe(): every part is a singleton created now (Stage.PRODUCTION), so the
     * engines' schedulers and the dma_fence_work queue exist and the shrinker is registered
     * before any modelled thread runs.
     */
    @Override
    public Driver create(DriverContext context) {
        return Guice.createInjector(Stage.PRODUCTION, Modules.override(new I915Module(context)).with(behaviour))
                .getInstance(I915Driver.class);
    }

    @Override
    public String toString() {
        return descriptor.id();
    }
}
