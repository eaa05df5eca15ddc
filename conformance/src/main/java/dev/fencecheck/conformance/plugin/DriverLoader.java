package dev.fencecheck.conformance.plugin;

import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.DriverPlugin;
import dev.fencecheck.api.DriverProvider;
import dev.fencecheck.api.SpiVersion;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Finds driver plugins with {@link ServiceLoader} and reports every problem with the jar and the
 * class it concerns: no provider at all, a plugin built for another SPI version, a plugin whose
 * constructor, {@code drivers()} or descriptor throws, a driver id offered twice. One bad plugin
 * never stops the others.
 */
public final class DriverLoader {
    private static final String SERVICES = "META-INF/services/" + DriverPlugin.class.getName();

    private DriverLoader() {
    }

    /** What was found: the drivers, sorted by id, and the errors, in discovery order. */
    public record Result(List<LoadedDriver> drivers, List<LoadError> errors) {
        public Result {
            drivers = List.copyOf(drivers);
            errors = List.copyOf(errors);
        }
    }

    public static Result load(ClassLoader classLoader) {
        List<LoadError> errors = new ArrayList<>();
        Map<String, LoadedDriver> byId = new LinkedHashMap<>();
        int plugins = 0;
        Iterator<ServiceLoader.Provider<DriverPlugin>> it =
                ServiceLoader.load(DriverPlugin.class, classLoader).stream().iterator();
        while (true) {
            ServiceLoader.Provider<DriverPlugin> p;
            try {
                if (!it.hasNext()) {
                    break;
                }
                p = it.next();
            } catch (ServiceConfigurationError e) {
                errors.add(new LoadError(SERVICES, null, oneLine(e)));
                continue;
            }
            plugins++;
            loadPlugin(p, byId, errors);
        }
        if (plugins == 0 && errors.isEmpty()) {
            errors.add(new LoadError("class path", null, "no driver plugin found: no " + SERVICES
                    + " lists an implementation of " + DriverPlugin.class.getName()));
        }
        List<LoadedDriver> drivers = new ArrayList<>(byId.values());
        drivers.sort(Comparator.comparing(d -> d.descriptor().id()));
        return new Result(drivers, errors);
    }

    private static void loadPlugin(ServiceLoader.Provider<DriverPlugin> p, Map<String, LoadedDriver> byId,
                                   List<LoadError> errors) {
        Class<?> type;
        try {
            type = p.type();
        } catch (ServiceConfigurationError | LinkageError e) {
            errors.add(new LoadError(SERVICES, null, oneLine(e)));
            return;
        }
        String source = sourceOf(type);
        String name = type.getName();
        String versionError = checkSpiVersion(source);
        if (versionError != null) {
            errors.add(new LoadError(source, name, versionError));
            return;
        }
        DriverPlugin plugin;
        try {
            plugin = p.get();
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
            errors.add(new LoadError(source, name, "the plugin failed to load: " + oneLine(e)));
            return;
        }
        addDrivers(plugin, source, name, byId, errors);
    }

    /** The drivers of one plugin instance (for tests and embedders that have the instance). */
    static Result fromPlugin(DriverPlugin plugin, String source) {
        List<LoadError> errors = new ArrayList<>();
        Map<String, LoadedDriver> byId = new LinkedHashMap<>();
        addDrivers(plugin, source, plugin.getClass().getName(), byId, errors);
        return new Result(new ArrayList<>(byId.values()), errors);
    }

    private static void addDrivers(DriverPlugin plugin, String source, String name, Map<String, LoadedDriver> byId,
                                   List<LoadError> errors) {
        List<DriverProvider> providers;
        try {
            providers = plugin.drivers();
        } catch (RuntimeException | LinkageError e) {
            errors.add(new LoadError(source, name, "the plugin failed to load: " + oneLine(e)));
            return;
        }
        if (providers == null || providers.isEmpty()) {
            errors.add(new LoadError(source, name, "the plugin offers no driver"));
            return;
        }
        for (DriverProvider provider : providers) {
            DriverDescriptor d;
            try {
                d = provider.descriptor();
                if (d == null) {
                    throw new IllegalStateException("descriptor() returned null");
                }
            } catch (RuntimeException | LinkageError e) {
                errors.add(new LoadError(source, name, "a driver's descriptor failed: " + oneLine(e)));
                continue;
            }
            LoadedDriver previous = byId.get(d.id());
            if (previous != null) {
                errors.add(new LoadError(source, name, "duplicate driver id '" + d.id() + "', already offered by "
                        + previous.source() + " (" + previous.pluginClass() + ")"));
                continue;
            }
            byId.put(d.id(), new LoadedDriver(d, provider, source, name));
        }
    }

    /** The plugin's jar manifest may declare its SPI version; another major version is refused. */
    static String checkSpiVersion(String source) {
        Path path = Path.of(source);
        if (!Files.isRegularFile(path)) {
            return null; // a class directory (an IDE, a test): nothing to read
        }
        try (JarFile jar = new JarFile(path.toFile())) {
            Manifest m = jar.getManifest();
            String declared = m == null ? null : m.getMainAttributes().getValue(SpiVersion.MANIFEST_ATTRIBUTE);
            if (declared == null) {
                return null;
            }
            int version;
            try {
                version = Integer.parseInt(declared.trim());
            } catch (NumberFormatException e) {
                return "manifest attribute " + SpiVersion.MANIFEST_ATTRIBUTE + " is '" + declared
                        + "', expected a number";
            }
            if (version != SpiVersion.CURRENT) {
                return "built for SPI version " + version + ", but this fencecheck has SPI version "
                        + SpiVersion.CURRENT + " (rebuild the plugin against fencecheck-api " + SpiVersion.CURRENT + ")";
            }
            return null;
        } catch (IOException e) {
            return "cannot read the jar: " + oneLine(e);
        }
    }

    static String sourceOf(Class<?> type) {
        CodeSource cs = type.getProtectionDomain().getCodeSource();
        if (cs == null || cs.getLocation() == null) {
            return "(unknown location)";
        }
        try {
            return Path.of(cs.getLocation().toURI()).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return cs.getLocation().toString();
        }
    }

    private static String oneLine(Throwable e) {
        String msg = e.getMessage();
        String text = e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
        Throwable cause = e.getCause();
        if (cause != null && cause != e) {
            text += " (caused by " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")";
        }
        return text.replace('\n', ' ');
    }
}
