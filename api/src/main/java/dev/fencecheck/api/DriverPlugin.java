package dev.fencecheck.api;

import java.util.List;

/**
 * The entry point of a driver plugin, found with {@link java.util.ServiceLoader}: list the
 * implementing class in {@code META-INF/services/dev.fencecheck.api.DriverPlugin} of the plugin's
 * jar. One plugin may offer several drivers (amdgpu and amdkfd, or a mainline driver and its
 * historical variants).
 *
 * <p>The plugin's jar declares the SPI version it was built against in its manifest
 * ({@value SpiVersion#MANIFEST_ATTRIBUTE}); a plugin built for another major version is refused
 * with a clear error instead of failing at run time.
 */
public interface DriverPlugin {
    /** The drivers this plugin offers, each with a unique id. */
    List<DriverProvider> drivers();
}
