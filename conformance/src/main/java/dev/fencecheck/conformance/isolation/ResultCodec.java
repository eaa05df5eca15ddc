package dev.fencecheck.conformance.isolation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fencecheck.conformance.run.Result;
import dev.fencecheck.conformance.run.Status;
import dev.fencecheck.exec.Step;
import dev.fencecheck.lockdep.Dependency;
import dev.fencecheck.lockdep.Finding;
import dev.fencecheck.lockdep.FindingKind;
import dev.fencecheck.lockdep.LockClass;
import dev.fencecheck.lockdep.LockValidator;
import dev.fencecheck.lockdep.Site;
import dev.fencecheck.lockdep.ValidatorOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A {@link Result} as JSON and back, for the results a driver process sends to the parent.
 * Every field a report prints survives the round trip, so a report is byte-identical whether
 * its results were made in this JVM or in a driver process. Lock classes come back as classes
 * of a private validator: only their names are shown, never their ids.
 */
final class ResultCodec {
    private final ObjectMapper mapper;
    /** Makes the lock classes of decoded dependencies; one class per name. */
    private final LockValidator classes = new LockValidator(ValidatorOptions.defaults(), f -> { });
    private final Map<String, LockClass> classByName = new HashMap<>();

    ResultCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode encode(Result r) {
        ObjectNode n = mapper.createObjectNode();
        n.put("driver", r.driver());
        n.put("scenario", r.scenario());
        n.put("rule", r.rule());
        n.put("status", r.status().name());
        n.put("reason", r.reason());
        n.put("expected", r.expected());
        ArrayNode findings = n.putArray("findings");
        r.findings().forEach(f -> findings.add(encode(f)));
        ArrayNode schedule = n.putArray("schedule");
        r.schedule().forEach(s -> schedule.addObject().put("thread", s.thread()).put("operation", s.operation())
                .put("where", s.where()));
        return n;
    }

    Result decode(JsonNode n) {
        List<Finding> findings = new ArrayList<>();
        n.get("findings").forEach(f -> findings.add(decodeFinding(f)));
        List<Step> schedule = new ArrayList<>();
        n.get("schedule").forEach(s -> schedule.add(new Step(text(s, "thread"), text(s, "operation"), text(s, "where"))));
        return new Result(text(n, "driver"), text(n, "scenario"), text(n, "rule"), Status.valueOf(text(n, "status")),
                text(n, "reason"), findings, schedule, n.get("expected").asBoolean());
    }

    private ObjectNode encode(Finding f) {
        ObjectNode n = mapper.createObjectNode();
        n.put("kind", f.kind().id());
        n.put("rule", f.rule());
        n.put("thread", f.thread());
        n.set("site", encode(f.site()));
        n.put("message", f.message());
        ArrayNode report = n.putArray("report");
        f.report().forEach(report::add);
        ArrayNode chain = n.putArray("chain");
        for (Dependency d : f.chain()) {
            ObjectNode c = chain.addObject();
            c.put("thread", d.thread());
            c.put("prev", d.prev().name());
            c.put("prevRead", d.prevRead());
            c.set("prevSite", encode(d.prevSite()));
            c.put("next", d.next().name());
            c.put("nextRead", d.nextRead());
            c.set("nextSite", encode(d.nextSite()));
        }
        ArrayNode lines = n.putArray("lines");
        f.lines().forEach(lines::add);
        return n;
    }

    private Finding decodeFinding(JsonNode n) {
        List<String> report = new ArrayList<>();
        n.get("report").forEach(l -> report.add(l.asText()));
        List<Dependency> chain = new ArrayList<>();
        for (JsonNode c : n.get("chain")) {
            chain.add(new Dependency(text(c, "thread"), lockClass(text(c, "prev")), c.get("prevRead").asInt(),
                    site(c.get("prevSite")), lockClass(text(c, "next")), c.get("nextRead").asInt(),
                    site(c.get("nextSite"))));
        }
        TreeSet<Integer> lines = new TreeSet<>();
        n.get("lines").forEach(l -> lines.add(l.asInt()));
        return new Finding(FindingKind.byId(text(n, "kind")), text(n, "rule"), text(n, "thread"), site(n.get("site")),
                text(n, "message"), report, chain, lines);
    }

    private JsonNode encode(Site s) {
        if (s == null) {
            return mapper.nullNode();
        }
        return mapper.createObjectNode().put("source", s.source()).put("line", s.line()).put("operation", s.operation());
    }

    private static Site site(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        return new Site(text(n, "source"), n.get("line").asInt(), text(n, "operation"));
    }

    private LockClass lockClass(String name) {
        return classByName.computeIfAbsent(name, classes::newClass);
    }

    /** A string field; JSON null stays null. */
    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
