package dev.fencecheck.drivers.i915;

import dev.fencecheck.api.DriverPlugin;
import dev.fencecheck.api.DriverProvider;
import java.util.List;

/** The i915 plugin: mainline i915 and its historical variants. */
public final class I915Plugin implements DriverPlugin {
    @Override
    public List<DriverProvider> drivers() {
        return List.of(
                new I915Provider(I915Descriptors.mainline(), I915Variants.mainline()),
                new I915Provider(I915Descriptors.fenceWork58(), I915Variants.fenceWork58()),
                new I915Provider(I915Descriptors.execbuf58(), I915Variants.execbuf58()));
    }
}
