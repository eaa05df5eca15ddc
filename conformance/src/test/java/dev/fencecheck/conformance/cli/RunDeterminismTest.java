package dev.fencecheck.conformance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same run with the same seed writes byte-identical reports (no timestamps, no hash order),
 * whatever the number of driver processes working at once and whether driver code ran in them
 * or in this JVM: results are reported in driver and scenario order, never in completion order,
 * and come back from a driver process with every field a report prints.
 */
class RunDeterminismTest {
    @TempDir
    Path dir;

    private String run(String name, String... extra) throws IOException {
        Path out = dir.resolve(name);
        String[] args = new String[extra.length + 10];
        String[] base = {"run", "--driver", "amdgpu", "--driver", "panfrost", "--format", "json", "--output",
            out.toString(), "--baseline=" + Path.of("..", "baselines")};
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        int status = FenceCheck.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), args);
        assertEquals(0, status, "the bundled drivers match their baselines");
        return Files.readString(out);
    }

    @Test
    void twoRunsOfTheSuiteWithTheSameSeedGiveByteIdenticalReports() throws IOException {
        String parallel = run("parallel.json", "--jobs", "2");
        String again = run("again.json", "--jobs", "2");
        String inProcess = run("in-process.json", "--jobs", "1", "--in-process");
        assertEquals(parallel, again);
        assertEquals(inProcess, parallel, "driver processes report exactly what the in-process run reports");
        assertTrue(parallel.contains("\"id\" : \"amdgpu\""));
        assertTrue(parallel.contains("\"schedule\" : [ {"), "a failure with its schedule survives the round trip");
        assertTrue(parallel.contains("\"chain\" : [ {"), "and a finding with its dependency chain");
    }
}
