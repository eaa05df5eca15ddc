package dev.fencecheck.conformance.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.fencecheck.api.DriverPlugin;
import dev.fencecheck.api.DriverProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins load through ServiceLoader from their own jars, and every way a plugin can be broken
 * is an error naming the jar and the class, while the other plugins still load.
 */
class DriverLoaderTest {
    @TempDir
    Path dir;

    /** A class loader over the given plugin jars only (the api comes from the test's loader). */
    private static ClassLoader over(Path... jars) throws IOException {
        URL[] urls = new URL[jars.length];
        for (int i = 0; i < jars.length; i++) {
            urls[i] = jars[i].toUri().toURL();
        }
        ClassLoader parent = new ClassLoader(DriverLoaderTest.class.getClassLoader()) {
            // Hide the services files of the bundled drivers on the test class path.
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                if (name.startsWith("META-INF/services/")) {
                    return java.util.Collections.emptyEnumeration();
                }
                return super.getResources(name);
            }
        };
        return new URLClassLoader(urls, parent);
    }

    private Path jar(String name, String cls, String body, String spi, String... ids) throws IOException {
        return PluginJars.build(dir, name, Map.of("p." + cls, PluginJars.plugin("p", cls, body, ids)),
                List.of("p." + cls), spi);
    }

    @Test
    void aPluginInItsOwnJarIsFoundWithAllItsDrivers() throws IOException {
        Path good = jar("good", "GoodPlugin", "", "1", "alpha", "beta");
        DriverLoader.Result r = DriverLoader.load(over(good));
        assertEquals(List.of(), r.errors());
        assertEquals(List.of("alpha", "beta"), r.drivers().stream().map(d -> d.descriptor().id()).toList());
        assertEquals(good.toString(), r.drivers().get(0).source());
        assertEquals("p.GoodPlugin", r.drivers().get(0).pluginClass());
    }

    @Test
    void noProviderAtAllIsAnError() throws IOException {
        DriverLoader.Result r = DriverLoader.load(over());
        assertEquals(1, r.errors().size());
        assertTrue(r.errors().get(0).message().contains("no driver plugin found"));
    }

    @Test
    void aPluginWhoseConstructorThrowsIsReportedAndTheOthersStillLoad() throws IOException {
        Path bad = jar("bad", "BadPlugin", "public BadPlugin() { throw new IllegalStateException(\"no hardware\"); }",
                "1", "gamma");
        Path good = jar("good", "GoodPlugin", "", "1", "alpha");
        DriverLoader.Result r = DriverLoader.load(over(bad, good));
        assertEquals(List.of("alpha"), r.drivers().stream().map(d -> d.descriptor().id()).toList());
        assertEquals(1, r.errors().size());
        LoadError e = r.errors().get(0);
        assertEquals(bad.toString(), e.source());
        assertEquals("p.BadPlugin", e.pluginClass());
        assertTrue(e.message().contains("no hardware"), e.message());
    }

    @Test
    void aPluginWhoseDriversMethodThrowsIsReported() throws IOException {
        Path bad = PluginJars.build(dir, "bad", Map.of("p.Broken", """
                package p;
                public class Broken implements dev.fencecheck.api.DriverPlugin {
                    public java.util.List<dev.fencecheck.api.DriverProvider> drivers() {
                        throw new UnsupportedOperationException("not today");
                    }
                }
                """), List.of("p.Broken"), "1");
        DriverLoader.Result r = DriverLoader.load(over(bad));
        assertEquals(1, r.errors().size());
        assertTrue(r.errors().get(0).describe().startsWith(bad + " (p.Broken): the plugin failed to load"),
                r.errors().get(0).describe());
    }

    @Test
    void aDuplicateDriverIdNamesBothJars() throws IOException {
        Path first = jar("first", "FirstPlugin", "", "1", "alpha");
        Path second = jar("second", "SecondPlugin", "", "1", "alpha");
        DriverLoader.Result r = DriverLoader.load(over(first, second));
        assertEquals(1, r.drivers().size());
        assertEquals(1, r.errors().size());
        String message = r.errors().get(0).describe();
        assertTrue(message.contains(second.toString()) && message.contains(first.toString())
                && message.contains("duplicate driver id 'alpha'"), message);
    }

    @Test
    void aPluginBuiltForAnotherSpiVersionIsRefusedFromItsManifest() throws IOException {
        Path old = jar("old", "OldPlugin", "", "0", "ancient");
        DriverLoader.Result r = DriverLoader.load(over(old));
        assertEquals(List.of(), r.drivers());
        assertTrue(r.errors().get(0).message().contains("built for SPI version 0"), r.errors().get(0).message());
        assertEquals("p.OldPlugin", r.errors().get(0).pluginClass());
    }

    @Test
    void aServicesFileNamingAMissingClassIsReported() throws IOException {
        Path broken = PluginJars.build(dir, "broken", Map.of(), List.of("p.DoesNotExist"), "1");
        DriverLoader.Result r = DriverLoader.load(over(broken));
        assertEquals(1, r.errors().size());
        assertTrue(r.errors().get(0).describe().contains("DoesNotExist"), r.errors().get(0).describe());
    }

    @Test
    void aDriverWhoseDescriptorThrowsIsReportedAndItsSiblingsLoad() {
        DriverProvider broken = mock(DriverProvider.class);
        when(broken.descriptor()).thenThrow(new IllegalArgumentException("bad engine list"));
        DriverPlugin plugin = () -> List.of(broken);
        assertEquals(1, plugin.drivers().size());
        // The loader's per-driver handling, exercised without a jar.
        DriverLoader.Result r = DriverLoader.fromPlugin(plugin, "test.jar");
        assertTrue(r.errors().get(0).message().contains("bad engine list"), r.errors().get(0).message());
    }
}
