package dev.fencecheck.conformance.run;

import dev.fencecheck.api.DriverContext;
import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.DriverProvider;
import dev.fencecheck.api.driver.Driver;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuConfig;
import java.util.function.Function;

/** The parts of the deliberately broken test drivers: a one-engine descriptor and a submission body. */
final class BrokenDrivers {
    private BrokenDrivers() {
    }

    /** A provider of a driver {@code create} makes, on a GPU with one engine, {@code gfx}. */
    static DriverProvider provider(String id, Function<DriverContext, Driver> create) {
        return new DriverProvider() {
            @Override
            public DriverDescriptor descriptor() {
                return DriverDescriptor.of(id, "Broken", "6.8", "a deliberately broken test driver",
                        GpuConfig.of(id, "gfx"));
            }

            @Override
            public Driver create(DriverContext context) {
                return create.apply(context);
            }
        };
    }

    /** A driver whose submission does {@code body}. */
    static Driver submitting(Runnable body) {
        return new Driver() {
            @Override
            public GpuContext openContext(String name, String engine, GpuContext.Kind kind) {
                return new GpuContext(name, engine, kind);
            }

            @Override
            public DmaFence submit(Submission submission) {
                body.run();
                return null;
            }
        };
    }
}
