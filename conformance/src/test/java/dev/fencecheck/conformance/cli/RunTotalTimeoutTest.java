package dev.fencecheck.conformance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --total-timeout ends the run on time: what was not made by then is a timeout saying so, and the
 * driver processes that were working are stopped, not left behind.
 */
class RunTotalTimeoutTest {
    @TempDir
    Path dir;

    @Test
    void resultsNotMadeByTheTotalTimeoutAreTimeoutsAndNoDriverProcessIsLeft() throws Exception {
        Path out = dir.resolve("run.json");
        long start = System.nanoTime();
        int status = FenceCheck.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                "run", "--driver", "amdgpu", "--driver", "i915", "--total-timeout", "1", "--jobs", "2",
                "--format", "json", "--output", out.toString(), "--baseline", Path.of("..", "baselines").toString());
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals(1, status, "timeouts are not what the baselines expect");
        assertTrue(seconds < 20, "the run ended " + seconds + " s after it started");
        assertTrue(Files.readString(out).contains("not run: the whole run reached --total-timeout 1 s"));
        for (ProcessHandle p : ProcessHandle.current().descendants().toList()) {
            p.onExit().get(10, TimeUnit.SECONDS); // fails if a driver process is left running
        }
    }
}
