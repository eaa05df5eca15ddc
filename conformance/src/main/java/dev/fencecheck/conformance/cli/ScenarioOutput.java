package dev.fencecheck.conformance.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
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

    static void summary(ObjectNode root, int files, int passed, int failed, int errors) {
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
