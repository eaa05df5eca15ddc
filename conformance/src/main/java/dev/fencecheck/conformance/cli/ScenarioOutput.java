package dev.fencecheck.conformance.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fencecheck.lockdep.Dependency;
import dev.fencecheck.lockdep.Finding;
import dev.fencecheck.scenario.ScenarioSyntaxException;
import java.io.PrintWriter;
import java.util.List;

/** What {@code check} and {@code explore} print alike: findings as text and JSON, syntax errors, summaries. */
final class ScenarioOutput {
    private ScenarioOutput() {
    }

    /** Each finding's headline and its lockdep-style report, indented under the file's line. */
    static void printFindings(PrintWriter out, String file, List<Finding> findings) {
        int i = 0;
        for (Finding f : findings) {
            i++;
            out.println();
            out.println("  [" + i + "/" + findings.size() + "] " + f.label() + " at " + file + ":"
                    + f.site().line() + " (thread " + f.thread() + ")");
            out.println("  " + f.message());
            out.println();
            for (String line : f.report()) {
                out.println(line.isEmpty() ? "" : "    " + line);
            }
        }
    }

    /** What one mode (check or explore) puts in the JSON object of a file it ran. */
    interface FileJson<R> {
        dev.fencecheck.scenario.Scenario scenario(R result);

        List<String> expected(R result);

        List<Finding> findings(R result);

        /** null: the file states no expectation. */
        Boolean pass(R result);

        /** The mode's own fields, after the findings ({@code findings} may take more entries). */
        default void details(R result, ObjectNode file, ArrayNode findings) {
        }
    }

    /** The JSON document of {@code check --json} and {@code explore --json}: one object per file, then the summary. */
    static <R> String filesJson(List<ScenarioRuns.Outcome<R>> outcomes, FileJson<R> mode) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ArrayNode files = root.putArray("files");
        int passed = 0;
        int failed = 0;
        int errors = 0;
        for (ScenarioRuns.Outcome<R> o : outcomes) {
            ObjectNode f = files.addObject();
            f.put("path", o.path().toString());
            if (o.error() != null) {
                errors++;
                syntaxError(f, o.error());
                continue;
            }
            R r = o.result();
            f.put("title", mode.scenario(r).title());
            ArrayNode expected = f.putArray("expected");
            mode.expected(r).forEach(expected::add);
            ArrayNode fs = f.putArray("findings");
            for (Finding finding : mode.findings(r)) {
                fs.add(findingJson(mapper, finding));
            }
            mode.details(r, f, fs);
            Boolean pass = mode.pass(r);
            if (pass == null) {
                f.putNull("pass");
            } else {
                f.put("pass", pass);
                if (pass) {
                    passed++;
                } else {
                    failed++;
                }
            }
        }
        summary(root, outcomes.size(), passed, failed, errors);
        try {
            return mapper.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file that could not be parsed, in the JSON document. */
    static void syntaxError(ObjectNode file, ScenarioSyntaxException error) {
        file.putNull("title");
        file.putArray("expected");
        file.putArray("findings");
        file.put("pass", false);
        ObjectNode e = file.putObject("error");
        e.put("line", error.line());
        e.put("column", error.column());
        e.put("message", error.detail());
    }

    private static void summary(ObjectNode root, int files, int passed, int failed, int errors) {
        ObjectNode summary = root.putObject("summary");
        summary.put("files", files);
        summary.put("passed", passed);
        summary.put("failed", failed);
        summary.put("errors", errors);
    }

    static ObjectNode findingJson(ObjectMapper mapper, Finding finding) {
        ObjectNode j = mapper.createObjectNode();
        j.put("kind", finding.kind().id());
        if (finding.rule() == null) {
            j.putNull("rule");
        } else {
            j.put("rule", finding.rule());
        }
        j.put("message", finding.message());
        j.put("thread", finding.thread());
        j.put("line", finding.site().line());
        j.put("operation", finding.site().operation());
        ArrayNode lines = j.putArray("lines");
        finding.lines().forEach(lines::add);
        ArrayNode chain = j.putArray("chain");
        for (Dependency d : finding.chain()) {
            ObjectNode c = chain.addObject();
            c.put("from", d.prev().name());
            c.put("to", d.next().name());
            c.put("thread", d.thread());
            c.put("from_site", d.prevSite().describe());
            c.put("to_site", d.nextSite().describe());
        }
        ArrayNode report = j.putArray("report");
        finding.report().forEach(report::add);
        return j;
    }
}
