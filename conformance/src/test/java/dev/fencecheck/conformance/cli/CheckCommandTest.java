package dev.fencecheck.conformance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fencecheck check}: its output, its JSON and its exit status, as scenario-format.md fixes them. */
class CheckCommandTest {
    private static final String GOOD = """
            scenario GFP_KERNEL allocation inside a fence signalling section
            expect rule:FENCE-ALLOC

            fence job

            thread submit
              publish job
              begin_signalling
              alloc GFP_KERNEL          # may recurse into reclaim, which may wait on job
              signal job
              end_signalling
            end
            """;

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = FenceCheck.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void aPassingFileExitsZeroAndPrintsTheReport() throws IOException {
        Path f = write("good.scenario", GOOD);
        Run r = run("check", f.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().startsWith("PASS " + f), r.out());
        assertTrue(r.out().contains("WARNING: possible circular locking dependency detected"), r.out());
        assertTrue(r.out().contains("Possible unsafe locking scenario"), r.out());
        assertTrue(r.out().contains("line 9: alloc GFP_KERNEL"), "names the operation and its line");
    }

    @Test
    void aWrongExpectationExitsOneAndSaysWhatWasExpectedAndGot() throws IOException {
        Path f = write("wrong.scenario", GOOD.replace("expect rule:FENCE-ALLOC", "expect clean"));
        Run r = run("check", f.toString());
        assertEquals(1, r.status());
        assertTrue(r.out().startsWith("FAIL " + f + ": expected [clean], got [circular-dependency rule:FENCE-ALLOC]"),
                r.out());
    }

    @Test
    void aMalformedFileExitsTwoWithFileLineAndColumnAndNoStackTrace() throws IOException {
        Path f = write("bad.scenario", "scenario broken\nlock A semaphore\n");
        Run r = run("check", f.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains(f + ":2:8: expected a lock kind"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void aMissingPathExitsTwo() {
        Run r = run("check", dir.resolve("nope.scenario").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("no such file"), r.err());
    }

    @Test
    void unknownOptionsAreBadUsage() {
        assertEquals(2, run("check", "--frobnicate", "x").status());
    }

    @Test
    void directoriesAreSearchedRecursivelyForScenarios() throws IOException {
        write("a/one.scenario", GOOD);
        write("a/b/two.scenario", GOOD);
        write("a/b/notes.txt", "not a scenario");
        Run r = run("check", dir.resolve("a").toString());
        assertEquals(0, r.status());
        assertTrue(r.out().contains("one.scenario") && r.out().contains("two.scenario"));
        assertTrue(r.out().contains("check: 2 passed, 0 failed"), r.out());
    }

    @Test
    void jsonIsOneParseableDocumentWithTheFieldsOfTheFormat() throws IOException {
        Path f = write("good.scenario", GOOD);
        write("bad.scenario", "scenario x\nthread t\n  lock\nend\n");
        Run r = run("check", "--json", dir.toString());
        assertEquals(2, r.status());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        JsonNode files = doc.get("files");
        assertEquals(2, files.size());
        JsonNode bad = files.get(0);
        assertEquals(3, bad.get("error").get("line").asInt());
        JsonNode good = files.get(1);
        assertEquals(f.toString(), good.get("path").asText());
        assertEquals("GFP_KERNEL allocation inside a fence signalling section", good.get("title").asText());
        assertEquals("rule:FENCE-ALLOC", good.get("expected").get(0).asText());
        JsonNode finding = good.get("findings").get(0);
        assertEquals("circular-dependency", finding.get("kind").asText());
        assertEquals("FENCE-ALLOC", finding.get("rule").asText());
        assertFalse(finding.get("message").asText().isBlank());
        assertTrue(finding.get("lines").toString().contains("9"));
        assertTrue(good.get("pass").asBoolean());
    }

    @Test
    void aFileWithoutExpectationsOnlyReportsAndDoesNotFail() throws IOException {
        Path f = write("report.scenario", GOOD.replace("expect rule:FENCE-ALLOC", ""));
        Run r = run("check", "--json", f.toString());
        assertEquals(0, r.status());
        assertTrue(new ObjectMapper().readTree(r.out()).get("files").get(0).get("pass").isNull());
    }

    @Test
    void theSameInputGivesByteIdenticalOutput() throws IOException {
        Path f = write("good.scenario", GOOD);
        assertEquals(run("check", "--json", f.toString()).out(), run("check", "--json", f.toString()).out());
        assertEquals(run("check", f.toString()).out(), run("check", f.toString()).out());
    }

    @Test
    void helpAndVersionWork() {
        Run help = run("--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("check"));
        Run version = run("--version");
        assertEquals(0, version.status());
        assertTrue(version.out().startsWith("fencecheck"));
    }
}
