package dev.fencecheck.conformance.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fencecheck.conformance.run.Result;
import dev.fencecheck.conformance.run.Status;
import dev.fencecheck.exec.Step;
import dev.fencecheck.lockdep.Dependency;
import dev.fencecheck.lockdep.Finding;
import java.util.TreeMap;

/**
 * The run as JSON: {@code {"drivers": [{"id", "results": [{"scenario", "rule", "status",
 * "expected", "reason", "findings": [...], "schedule": [...]}]}], "summary": {...}}}. No
 * timestamps: the same run gives the same bytes.
 */
public final class JsonReport implements ReportFormat {
    @Override
    public String render(RunReport report) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("format", "fencecheck-run/1");
        root.put("seed", report.seed());
        root.put("complete", report.complete());
        ArrayNode drivers = root.putArray("drivers");
        for (String d : report.drivers()) {
            ObjectNode dn = drivers.addObject();
            dn.put("id", d);
            ArrayNode results = dn.putArray("results");
            for (Result r : report.of(d)) {
                ObjectNode rn = results.addObject();
                rn.put("scenario", r.scenario());
                rn.put("rule", r.rule());
                rn.put("status", r.status().word());
                rn.put("expected", r.expected());
                rn.put("reason", r.reason());
                ArrayNode findings = rn.putArray("findings");
                for (Finding f : r.findings()) {
                    ObjectNode fn = findings.addObject();
                    fn.put("kind", f.kind().id());
                    if (f.rule() == null) {
                        fn.putNull("rule");
                    } else {
                        fn.put("rule", f.rule());
                    }
                    fn.put("message", f.message());
                    fn.put("thread", f.thread());
                    fn.put("where", f.site().describe());
                    ArrayNode chain = fn.putArray("chain");
                    for (Dependency dep : f.chain()) {
                        ObjectNode c = chain.addObject();
                        c.put("from", dep.prev().name());
                        c.put("to", dep.next().name());
                        c.put("thread", dep.thread());
                        c.put("from_site", dep.prevSite().describe());
                        c.put("to_site", dep.nextSite().describe());
                    }
                    ArrayNode lines = fn.putArray("report");
                    f.report().forEach(lines::add);
                }
                ArrayNode schedule = rn.putArray("schedule");
                int i = 0;
                for (Step s : r.schedule()) {
                    ObjectNode sn = schedule.addObject();
                    sn.put("step", ++i);
                    sn.put("thread", s.thread());
                    sn.put("operation", s.operation());
                    sn.put("where", s.where());
                }
            }
        }
        ObjectNode skipped = root.putObject("not_run");
        new TreeMap<>(report.skipped()).forEach(skipped::put);
        ObjectNode summary = root.putObject("summary");
        for (Status s : Status.values()) {
            summary.put(s.word(), report.count(s));
        }
        summary.put("unexpected", report.unexpected());
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
