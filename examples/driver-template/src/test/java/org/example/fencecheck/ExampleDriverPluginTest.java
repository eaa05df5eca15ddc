package org.example.fencecheck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fencecheck.api.DriverPlugin;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The plugin's own test. The conformance tests need no code: the fencecheck-conformance test
 * dependency adds them (example/<scenario>/<RULE-ID>) to this build.
 */
class ExampleDriverPluginTest {
    @Test
    void thePluginIsFoundAndOffersTheExampleDriver() {
        DriverPlugin plugin = ServiceLoader.load(DriverPlugin.class).findFirst().orElseThrow();
        assertEquals("example", plugin.drivers().get(0).descriptor().id());
    }
}
