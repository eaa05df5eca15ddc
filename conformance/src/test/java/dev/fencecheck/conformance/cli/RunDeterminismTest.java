package dev.fencecheck.conformance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    private static final String[] TWO_DRIVERS = {"--driver", "amdgpu", "--driver", "panfrost"};
    private static final String[] EVERY_DRIVER = {};

    private String run(String name, String[] drivers, String... extra) throws IOException {
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(List.of(drivers));
        args.addAll(List.of("--format", "json", "--output", out.toString(), "--baseline=" + Path.of("..", "baselines")));
        args.addAll(List.of(extra));
        int status = FenceCheck.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                args.toArray(String[]::new));
        assertEquals(0, status, "the bundled drivers match their baselines");
        return Files.readString(out);
    }

    @Test
    void twoRunsOfTheWholeSuiteWithTheSameSeedGiveByteIdenticalReports() throws IOException {
        String first = run("first.json", EVERY_DRIVER, "--jobs", "2");
        String second = run("second.json", EVERY_DRIVER, "--jobs", "2");
        assertEquals(first, second);
        for (String id : List.of("amdgpu", "amdkfd", "i915", "nouveau", "panfrost", "etnaviv", "msm", "v3d", "lima")) {
            assertTrue(first.contains("\"id\" : \"" + id + "\""), id + " is in the report");
        }
    }

    @Test
    void driverProcessesReportExactlyWhatAnInProcessRunReports() throws IOException {
        String parallel = run("parallel.json", TWO_DRIVERS, "--jobs", "2");
        String inProcess = run("in-process.json", TWO_DRIVERS, "--jobs", "1", "--in-process");
        assertEquals(inProcess, parallel, "driver processes report exactly what the in-process run reports");
        assertTrue(parallel.contains("\"schedule\" : [ {"), "a failure with its schedule survives the round trip");
        assertTrue(parallel.contains("\"chain\" : [ {"), "and a finding with its dependency chain");
    }
}
