package dev.fencecheck.api;

import dev.fencecheck.api.driver.Driver;

/** One driver: what it models, and how to make an instance of it. */
public interface DriverProvider {
    DriverDescriptor descriptor();

    /**
     * Creates the driver for one run of a model. This runs at set-up, before any modelled thread:
     * create locks, fence timelines, reservation objects and GPU schedulers here, and register the
     * shrinker, as the driver's probe and init functions do in the kernel. Each plugin may wire
     * its parts with its own dependency injector; the SPI carries no injector types.
     */
    Driver create(DriverContext context);
}
