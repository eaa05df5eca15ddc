package dev.fencecheck.conformance.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.conformance.run.Result;
import dev.fencecheck.conformance.run.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reports: safe HTML, parseable XML, deterministic bytes, atomic files. */
class ReportsTest {
    private static final String EVIL = "<script>alert('x')</script>";

    private static RunReport report(String driver) {
        List<Result> results = List.of(
                new Result(driver, "submit-under-memory-pressure", "FENCE-ALLOC", Status.FAIL,
                        "a <b>bold</b> & \"quoted\" reason", List.of(), List.of(), false),
                new Result(driver, "submit-under-memory-pressure", "FENCE-LOCK", Status.PASS, "", List.of(),
                        List.of(), true),
                new Result(driver, "display-commit-tail", "FENCE-ALLOC", Status.SKIP, "no display", List.of(),
                        List.of(), true));
        return new RunReport(List.of(driver), List.of("submit-under-memory-pressure", "display-commit-tail"), results,
                Map.of(), true, 0);
    }

    @Test
    void htmlEscapesMarkupInDriverNamesScenarioTitlesAndMessages() {
        String html = new HtmlReport().render(report(EVIL));
        assertFalse(html.contains("<script>"), "a plugin's name must not become markup");
        assertFalse(html.contains("<b>bold</b>"));
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assertTrue(html.contains("<table>"), "the matrix");
        assertTrue(html.contains("class=\"fail\""), "colour classes");
    }

    @Test
    void junitXmlIsWellFormedAndReportsExpectedFailuresAsSkipped() throws Exception {
        String xml = new JUnitReport().render(report(EVIL));
        var doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(3, doc.getElementsByTagName("testcase").getLength());
        assertEquals(1, doc.getElementsByTagName("failure").getLength());
        assertEquals(1, doc.getElementsByTagName("skipped").getLength());
    }

    @Test
    void theSameRunGivesByteIdenticalJsonTextAndHtml() {
        for (ReportFormat f : List.of(new JsonReport(), new TextReport(), new HtmlReport(), new JUnitReport())) {
            assertEquals(f.render(report("amdgpu")), f.render(report("amdgpu")), f.getClass().getSimpleName());
        }
    }

    @Test
    void anInterruptedRunIsMarkedIncomplete() {
        RunReport r = report("amdgpu");
        RunReport partial = new RunReport(r.drivers(), r.scenarios(), r.results(), r.skipped(), false, 0);
        assertTrue(new TextReport().render(partial).contains("INCOMPLETE"));
        assertTrue(new JsonReport().render(partial).contains("\"complete\" : false"));
        assertTrue(new JUnitReport().render(partial).contains("name=\"run-complete\">\n      <error type=\"incomplete\""));
        assertTrue(new HtmlReport().render(partial).contains("INCOMPLETE"));
        assertTrue(new DotReport().render(partial).startsWith("// INCOMPLETE"));
        assertFalse(new JUnitReport().render(r).contains("run-complete"));
    }

    @Test
    void reportsAreWrittenAtomically(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("report.json");
        AtomicFile.write(out, "first");
        AtomicFile.write(out, "second");
        assertEquals("second", Files.readString(out));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(out), files.toList(), "no temporary file is left behind");
        }
    }
}
