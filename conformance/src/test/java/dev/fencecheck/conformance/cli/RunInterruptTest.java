package dev.fencecheck.conformance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * A real {@code fencecheck run} process, interrupted once it has results: it still writes a
 * whole report (valid JSON or XML, renamed into place), marked incomplete, exits with the
 * signal's status (130 for SIGINT, 143 for SIGTERM), and leaves none of its driver processes
 * behind.
 */
@EnabledOnOs({OS.LINUX, OS.MAC}) // signals sent with kill(1)
class RunInterruptTest {
    @TempDir
    Path dir;

    /** The run's exit status, after checking that its driver processes died with it. */
    private int interrupt(String signal, String format, Path output) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process run = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                FenceCheck.class.getName(), "run", "--format", format, "--output", output.toString(),
                "--baseline", Path.of("..", "baselines").toString(), "--jobs", "2")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CountDownLatch firstResult = new CountDownLatch(1);
        Thread progress = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(run.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    if (line.startsWith("[1/")) {
                        firstResult.countDown();
                    }
                }
            } catch (IOException e) {
                // the run ended
            }
        });
        progress.setDaemon(true);
        progress.start();
        try {
            assertTrue(firstResult.await(120, TimeUnit.SECONDS), "the run makes its first result");
            List<ProcessHandle> children = run.descendants().toList();
            assertFalse(children.isEmpty(), "the drivers run in driver processes");
            int rc = new ProcessBuilder("kill", "-" + signal, Long.toString(run.pid())).start().waitFor();
            assertEquals(0, rc, "kill -" + signal);
            assertTrue(run.waitFor(60, TimeUnit.SECONDS), "the run ends after " + signal);
            for (ProcessHandle child : children) {
                child.onExit().get(10, TimeUnit.SECONDS);
                assertFalse(child.isAlive(), "driver process " + child.pid() + " is gone");
            }
            try (var files = Files.list(dir)) {
                assertEquals(List.of(output), files.toList(), "the report, and no temporary file");
            }
            return run.exitValue();
        } finally {
            run.descendants().forEach(ProcessHandle::destroyForcibly);
            run.destroyForcibly();
        }
    }

    @Test
    void sigintWritesACompleteJsonReportMarkedIncomplete() throws Exception {
        Path out = dir.resolve("run.json");
        assertEquals(130, interrupt("INT", "json", out));
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertFalse(json.get("complete").asBoolean());
        assertTrue(json.get("drivers").get(0).get("results").size() > 0, "the results made before the signal");
    }

    @Test
    void sigintWritesWellFormedJUnitXmlWithAnIncompleteError() throws Exception {
        Path out = dir.resolve("run.xml");
        assertEquals(130, interrupt("INT", "junit", out));
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.toFile());
        assertEquals("1", xml.getDocumentElement().getAttribute("errors"));
        assertTrue(Files.readString(out).contains("name=\"run-complete\""));
    }

    @Test
    void sigtermWritesTheTextReportMarkedIncomplete() throws Exception {
        Path out = dir.resolve("run.txt");
        assertEquals(143, interrupt("TERM", "text", out));
        String text = Files.readString(out);
        assertTrue(text.contains("(INCOMPLETE: the run was interrupted)"), text);
        assertTrue(text.endsWith("\n"));
    }
}
