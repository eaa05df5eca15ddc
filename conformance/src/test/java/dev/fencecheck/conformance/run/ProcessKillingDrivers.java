package dev.fencecheck.conformance.run;

import dev.fencecheck.api.DriverPlugin;
import dev.fencecheck.api.DriverProvider;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

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
                BrokenDrivers.provider("hog", c -> BrokenDrivers.submitting(() -> {
                    while (true) {
                        try {
                            HOARD.add(new long[1 << 16]);
                        } catch (OutOfMemoryError e) {
                            HOARD.subList(0, Math.min(4, HOARD.size())).clear();
                        }
                    }
                })),
                BrokenDrivers.provider("exiter", c -> BrokenDrivers.submitting(() -> System.exit(3))),
                // at probe time, and without running shutdown hooks
                BrokenDrivers.provider("halter", c -> {
                    Runtime.getRuntime().halt(7);
                    return null;
                }),
                // stops its own process (SIGSTOP): it can no longer even time itself out
                BrokenDrivers.provider("frozen", c -> BrokenDrivers.submitting(() -> {
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
}
