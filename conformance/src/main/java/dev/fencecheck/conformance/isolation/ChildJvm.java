package dev.fencecheck.conformance.isolation;

import dev.fencecheck.conformance.run.ConformanceRunner;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How driver processes are started: this JVM's {@code java} and class path (so the child sees
 * the same plugins), a bounded heap, and the runner's options.
 *
 * @param java        the java binary
 * @param classPath   the child's class path
 * @param heap        the -Xmx value, e.g. {@code 512m}
 * @param options     the runner's options, passed on to the child
 * @param graceMillis how long past the per-result timeout the parent waits for a child's answer
 *                    before it kills it: the child times out driver code itself and says where;
 *                    the parent's own deadline is for a child that cannot answer at all (a frozen
 *                    process, a garbage collector that never gets anywhere)
 */
public record ChildJvm(Path java, String classPath, String heap, ConformanceRunner.Options options,
                       long graceMillis) {
    /** A heap size as -Xmx takes it: digits and an optional k, m or g. */
    public static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[kKmMgG]?");

    /** The same java and class path as this JVM's. */
    public static ChildJvm likeThisJvm(String heap, ConformanceRunner.Options options) {
        return new ChildJvm(Path.of(System.getProperty("java.home"), "bin", "java"),
                System.getProperty("java.class.path"), heap, options, 10_000);
    }

    public ChildJvm withExtraClassPath(String extra) {
        return new ChildJvm(java, classPath + File.pathSeparator + extra, heap, options, graceMillis);
    }

    public ChildJvm withGraceMillis(long millis) {
        return new ChildJvm(java, classPath, heap, options, millis);
    }

    List<String> command() {
        List<String> c = new ArrayList<>();
        c.add(java.toString());
        c.add("-Xmx" + heap);
        // The first OutOfMemoryError ends the process, even if driver code catches it: a driver
        // must not limp on in a garbage-collection death spiral.
        c.add("-XX:+ExitOnOutOfMemoryError");
        // One small heap per child, at most one child per core: the serial collector starts
        // fastest and needs no collector threads of its own.
        c.add("-XX:+UseSerialGC");
        // A driver process lives for seconds to a minute: the C2 compiler would spend more CPU than
        // it saves (measured on the bundled drivers: the CPU time of a run drops by about a third
        // with C1 alone, and the cores are what the other driver processes need).
        c.add("-XX:TieredStopAtLevel=1");
        c.add("-XX:-UsePerfData");
        c.add("-cp");
        c.add(classPath);
        c.add(ChildMain.class.getName());
        c.add(Long.toString(options.maxExecutions()));
        c.add(Long.toString(options.seed()));
        c.add(Long.toString(options.timeoutSeconds()));
        c.add(Long.toString(options.stepMillis()));
        return c;
    }
}
