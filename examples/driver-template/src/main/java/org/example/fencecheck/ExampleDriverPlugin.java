package org.example.fencecheck;

import dev.fencecheck.api.DriverContext;
import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.DriverPlugin;
import dev.fencecheck.api.DriverProvider;
import dev.fencecheck.api.driver.Driver;
import dev.fencecheck.api.kernel.GpuConfig;
import java.util.List;

/** The plugin: found by ServiceLoader through META-INF/services/dev.fencecheck.api.DriverPlugin. */
public final class ExampleDriverPlugin implements DriverPlugin {
    @Override
    public List<DriverProvider> drivers() {
        return List.of(new DriverProvider() {
            @Override
            public DriverDescriptor descriptor() {
                // One graphics engine, no preemption, fatal faults, no userptr.
                return DriverDescriptor.of("example", "Example", "6.8", "a minimal drm_sched driver",
                        GpuConfig.of("example-gpu", "gfx"));
            }

            @Override
            public Driver create(DriverContext context) {
                return new ExampleDriver(context);
            }
        });
    }
}
