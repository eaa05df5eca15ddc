package dev.fencecheck.drivers.amd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.DriverPlugin;
import dev.fencecheck.api.DriverProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** (a) The plugin is found through ServiceLoader and offers the expected drivers. */
class AmdDriverPluginTest {

    private static List<DriverProvider> providers() {
        List<DriverProvider> all = new ArrayList<>();
        int plugins = 0;
        for (DriverPlugin plugin : ServiceLoader.load(DriverPlugin.class)) {
            if (plugin instanceof AmdDriverPlugin) {
                plugins++;
                all.addAll(plugin.drivers());
            }
        }
        assertEquals(1, plugins, "one AMD plugin on the class path");
        return all;
    }

    @Test
    void thePluginOffersAmdgpuItsVariantsAndAmdkfd() {
        Set<String> ids = new TreeSet<>();
        for (DriverProvider p : providers()) {
            assertTrue(ids.add(p.descriptor().id()), "duplicate id " + p.descriptor().id());
        }
        assertEquals(Set.of("amdgpu", "amdgpu@5.8", "amdgpu@5.8-vmid", "amdgpu@5.8-dc", "amdgpu@5.8-tdr", "amdkfd"),
                ids);
    }

    @Test
    void variantsNameWhatTheyReproduceAndMainlineDoesNot() {
        for (DriverProvider p : providers()) {
            DriverDescriptor d = p.descriptor();
            assertEquals("AMD", d.vendor());
            assertFalse(d.description().isEmpty(), d.id());
            if (d.id().contains("@")) {
                assertTrue(d.isHistoricalVariant(), d.id());
                assertEquals("5.8", d.kernelVersion(), d.id());
                assertTrue(d.reproduces().startsWith("V"), d.reproduces());
                assertEquals(Models.provider("amdgpu").descriptor().hardware(), d.hardware(), d.id());
            } else {
                assertNull(d.reproduces(), d.id());
            }
        }
    }
}
