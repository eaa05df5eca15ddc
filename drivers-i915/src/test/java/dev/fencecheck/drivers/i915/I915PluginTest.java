package dev.fencecheck.drivers.i915;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.DriverPlugin;
import dev.fencecheck.api.DriverProvider;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The plugin is found through ServiceLoader and offers mainline i915 and its historical variants. */
class I915PluginTest {
    private static List<DriverProvider> providers() {
        return ServiceLoader.load(DriverPlugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p instanceof I915Plugin)
                .flatMap(p -> p.drivers().stream())
                .toList();
    }

    @Test
    void serviceLoaderFindsTheI915Drivers() {
        assertEquals(List.of("i915", "i915@5.8", "i915@5.8-execbuf"),
                providers().stream().map(p -> p.descriptor().id()).toList());
    }

    @Test
    void mainlineReproducesNothingAndTheVariantsNameTheirPatch() {
        for (DriverProvider p : providers()) {
            DriverDescriptor d = p.descriptor();
            assertEquals("Intel", d.vendor());
            if (d.id().equals("i915")) {
                assertNull(d.reproduces());
            } else {
                assertNotNull(d.reproduces());
                assertTrue(d.isHistoricalVariant());
                assertEquals("5.8", d.kernelVersion());
            }
            assertEquals(DriverDescriptor.UserptrMode.NOTIFIER_WAITS_FOR_FENCES, d.userptr());
            assertEquals(List.of("rcs0", "bcs0", "vcs0", "vecs0"), d.hardware().engines());
        }
    }
}
