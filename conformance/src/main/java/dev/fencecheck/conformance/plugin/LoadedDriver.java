package dev.fencecheck.conformance.plugin;

import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.DriverProvider;

/**
 * A driver found on the class path.
 *
 * @param descriptor  what it models
 * @param provider    makes instances of it
 * @param source      the jar (or class directory) it came from
 * @param pluginClass the DriverPlugin class that offered it
 */
public record LoadedDriver(DriverDescriptor descriptor, DriverProvider provider, String source, String pluginClass) {
}
