package dev.fencecheck.bench;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code conformance_run_s}: the wall time of a whole {@code fencecheck run} over the bundled
 * drivers, as a user runs it: the command-line jar in a child JVM, from the repository root (so
 * that it finds its baselines), with the report written to a temporary directory. Not a JMH
 * benchmark: one run of the suite is what the figure means, JVM start included.
 */
final class ConformanceRun {
    private static final long TIMEOUT_MINUTES = 10;

    private ConformanceRun() {
    }

    /** Seconds, or null (with the reason on stderr) when the run could not be made or failed. */
    static Double seconds() {
        Path root = root();
        if (root == null) {
            return skip("cannot find the repository root (a directory with conformance/ and pom.xml)");
        }
        Path jar = cliJar(root);
        if (jar == null) {
            return skip("no " + root.resolve("conformance/target") + "/fencecheck-conformance-*-cli.jar; build it "
                    + "with: mvn -o -B -q -DskipTests package -pl conformance -am");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("fencecheck-bench-run");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toString(), "run",
                    "--output=" + tmp.resolve("report.txt"))
                    .directory(root.toFile())
                    .redirectOutput(tmp.resolve("stdout.txt").toFile())
                    .redirectError(tmp.resolve("stderr.txt").toFile());
            long start = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return skip("fencecheck run did not finish within " + TIMEOUT_MINUTES + " minutes");
            }
            double s = (System.nanoTime() - start) / 1e9;
            // 0: as the baselines expect; 1: an unexpected failure or pass, still a whole run.
            if (p.exitValue() > 1) {
                return skip("fencecheck run exited with " + p.exitValue() + ": "
                        + tail(tmp.resolve("stderr.txt")));
            }
            if (p.exitValue() == 1) {
                System.err.println("bench: fencecheck run reported unexpected results (exit 1); timed anyway");
            }
            return s;
        } catch (IOException e) {
            return skip("cannot run fencecheck: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return skip("interrupted");
        } finally {
            delete(tmp);
        }
    }

    private static Double skip(String reason) {
        System.err.println("bench: conformance_run_s is null: " + reason);
        return null;
    }

    /** The repository root: above the benchmarks jar (benchmarks/target/), else above the working directory. */
    static Path root() {
        try {
            Path self = Path.of(ConformanceRun.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path found = rootAbove(self);
            if (found != null) {
                return found;
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall back on the working directory
        }
        return rootAbove(Path.of("").toAbsolutePath());
    }

    private static Path rootAbove(Path start) {
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("conformance")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        return null;
    }

    static Path cliJar(Path root) {
        File[] jars = root.resolve("conformance/target").toFile()
                .listFiles((dir, name) -> name.startsWith("fencecheck-conformance-") && name.endsWith("-cli.jar"));
        return jars == null || jars.length == 0 ? null : jars[0].toPath();
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(no stderr)";
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
