package dev.fencecheck.conformance.plugin;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds real plugin jars for the loader's tests: compiles Java sources against the api, and
 * packs the classes, a services file and a manifest, as a plugin's build would.
 */
final class PluginJars {
    private PluginJars() {
    }

    /**
     * @param sources  class name -> Java source
     * @param services the class names to list in META-INF/services (may name missing classes)
     * @param spi      the Fencecheck-SPI-Version manifest value, or null for none
     */
    static Path build(Path dir, String jarName, Map<String, String> sources, List<String> services, String spi)
            throws IOException {
        Path src = Files.createDirectories(dir.resolve(jarName + "-src"));
        Path classes = Files.createDirectories(dir.resolve(jarName + "-classes"));
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            files.add(f.toString());
        }
        if (!files.isEmpty()) {
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath",
                    System.getProperty("java.class.path"), "--release", "17"));
            args.addAll(files);
            int rc = javac.run(null, null, null, args.toArray(String[]::new));
            if (rc != 0) {
                throw new IllegalStateException("test plugin sources do not compile");
            }
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (spi != null) {
            manifest.getMainAttributes().putValue("Fencecheck-SPI-Version", spi);
        }
        Path jar = dir.resolve(jarName + ".jar");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, manifest)) {
            try (Stream<Path> walk = Files.walk(classes)) {
                for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                    out.write(Files.readAllBytes(p));
                    out.closeEntry();
                }
            }
            out.putNextEntry(new JarEntry("META-INF/services/dev.fencecheck.api.DriverPlugin"));
            out.write((String.join("\n", services) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    /** A plugin class offering drivers with the given ids. */
    static String plugin(String pkg, String name, String body, String... ids) {
        StringBuilder providers = new StringBuilder();
        for (String id : ids) {
            providers.append(providers.length() == 0 ? "" : ", ").append("provider(\"").append(id).append("\")");
        }
        return """
                package %s;
                import dev.fencecheck.api.*;
                import dev.fencecheck.api.driver.Driver;
                import dev.fencecheck.api.kernel.GpuConfig;
                import java.util.List;
                public class %s implements DriverPlugin {
                    %s
                    public List<DriverProvider> drivers() {
                        return List.of(%s);
                    }
                    static DriverProvider provider(String id) {
                        return new DriverProvider() {
                            public DriverDescriptor descriptor() {
                                return DriverDescriptor.of(id, "Test", "6.8", "a test driver", GpuConfig.of(id, "gfx"));
                            }
                            public Driver create(DriverContext context) {
                                throw new UnsupportedOperationException();
                            }
                        };
                    }
                }
                """.formatted(pkg, name, body, providers);
    }
}
