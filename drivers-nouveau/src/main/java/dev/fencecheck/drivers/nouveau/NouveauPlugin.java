package dev.fencecheck.drivers.nouveau;

import dev.fencecheck.api.DriverPlugin;
import dev.fencecheck.api.DriverProvider;
import java.util.List;

/**
 * The nouveau plugin: mainline nouveau only. No historical variant: kernel-reference.md records
 * no fixed nouveau violation to reproduce (its nouveau entries are still open, and the mainline
 * model keeps them).
 */
public final class NouveauPlugin implements DriverPlugin {
    @Override
    public List<DriverProvider> drivers() {
        return List.of(new NouveauProvider());
    }
}
