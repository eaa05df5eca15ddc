package dev.fencecheck.conformance.run;

import dev.fencecheck.api.DriverContext;
import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.DriverPlugin;
import dev.fencecheck.api.DriverProvider;
import dev.fencecheck.api.driver.Driver;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Deliberately broken drivers that end or freeze the JVM they run in, which no exception
 * handling can survive: only a driver process can. A real plugin (ServiceLoader finds it through
 * {@code src/test/plugins/process-killers/META-INF/services}, a directory that only the driver
 * processes of {@code DriverProcessIsolationTest} get on their class path, never the test JVM
 * itself) with a good driver beside the broken ones.
 */
public final class ProcessKillingDrivers implements DriverPlugin {
    /** Keeps what the hog allocated reachable. */
    static final List<long[]> HOARD = new ArrayList<>();

    @Override
    public List<DriverProvider> drivers() {
        return List.of(
                // allocates without bound, and catches the OutOfMemoryError to go on: the way into
                // a garbage-collection death spiral
                broken("hog", c -> submitting(() -> {
                    while (true) {
                        try {
                            HOARD.add(new long[1 << 16]);
                        } catch (OutOfMemoryError e) {
                            HOARD.subList(0, Math.min(4, HOARD.size())).clear();
                        }
                    }
                })),
                broken("exiter", c -> submitting(() -> System.exit(3))),
                // at probe time, and without running shutdown hooks
                broken("halter", c -> {
                    Runtime.getRuntime().halt(7);
                    return null;
                }),
                // stops its own process (SIGSTOP): it can no longer even time itself out
                broken("frozen", c -> submitting(() -> {
                    try {
                        new ProcessBuilder("kill", "-STOP", Long.toString(ProcessHandle.current().pid()))
                                .start().waitFor();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })),
                TemplateDriver.provider("template", false));
    }

    private static DriverProvider broken(String id, Function<DriverContext, Driver> create) {
        return new DriverProvider() {
            @Override
            public DriverDescriptor descriptor() {
                return DriverDescriptor.of(id, "Broken", "6.8", "a driver that ends its process",
                        GpuConfig.of(id, "gfx"));
            }

            @Override
            public Driver create(DriverContext context) {
                return create.apply(context);
            }
        };
    }

    /** A driver whose submission does {@code body}. */
    private static Driver submitting(Runnable body) {
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
