package dev.fencecheck.conformance.report;

import dev.fencecheck.conformance.run.Result;
import dev.fencecheck.conformance.run.Status;
import dev.fencecheck.exec.Step;
import dev.fencecheck.lockdep.Finding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The matrix of drivers by scenario, then each failure's report, for people. */
public final class TextReport implements ReportFormat {
    @Override
    public String render(RunReport report) {
        StringBuilder out = new StringBuilder();
        int width = Math.max(12, report.scenarios().stream().mapToInt(String::length).max().orElse(12));
        out.append(String.format("%-" + width + "s", "scenario"));
        for (String d : report.drivers()) {
            out.append("  ").append(d);
        }
        out.append('\n');
        for (String s : report.scenarios()) {
            out.append(String.format("%-" + width + "s", s));
            for (String d : report.drivers()) {
                out.append("  ").append(String.format("%-" + d.length() + "s", cell(report, d, s)));
            }
            out.append('\n');
        }
        out.append("\ncells: pass, FAIL n (n rules broken; * if any is not in the baseline), skip, ERROR, TIMEOUT\n");
        for (Map.Entry<String, String> e : report.skipped().entrySet()) {
            out.append("\nnot run: ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        for (Result r : report.results()) {
            if (r.status() == Status.PASS || r.status() == Status.SKIP && r.expected()) {
                continue;
            }
            out.append("\n").append(r.status().name()).append(' ').append(r.name())
                    .append(r.expected() ? " (expected by the baseline)" : " (UNEXPECTED)").append('\n');
            if (!r.reason().isEmpty()) {
                out.append("  ").append(r.reason()).append('\n');
            }
            for (Finding f : r.findings()) {
                out.append('\n');
                for (String line : f.report()) {
                    out.append(line.isEmpty() ? "" : "    " + line).append('\n');
                }
            }
            if (!r.schedule().isEmpty()) {
                out.append("\n  schedule:\n");
                int i = 0;
                for (Step s : r.schedule()) {
                    out.append(String.format("  %4d. %s%n", ++i, s.describe()));
                }
            }
        }
        out.append('\n').append(summary(report)).append('\n');
        return out.toString();
    }

    static String cell(RunReport report, String driver, String scenario) {
        List<Result> rs = report.results().stream()
                .filter(r -> r.driver().equals(driver) && r.scenario().equals(scenario)).toList();
        if (rs.isEmpty()) {
            return "-";
        }
        Map<Status, Integer> counts = new LinkedHashMap<>();
        boolean unexpected = false;
        for (Result r : rs) {
            counts.merge(r.status(), 1, Integer::sum);
            unexpected |= !r.expected();
        }
        String mark = unexpected ? "*" : "";
        if (counts.containsKey(Status.ERROR)) {
            return "ERROR" + mark;
        }
        if (counts.containsKey(Status.TIMEOUT)) {
            return "TIMEOUT" + mark;
        }
        if (counts.containsKey(Status.FAIL)) {
            return "FAIL " + counts.get(Status.FAIL) + mark;
        }
        if (counts.containsKey(Status.SKIP)) {
            return "skip" + mark;
        }
        return "pass" + mark;
    }

    public static String summary(RunReport r) {
        return "run: " + r.count(Status.PASS) + " passed, " + r.count(Status.FAIL) + " failed, "
                + r.count(Status.SKIP) + " skipped, " + r.count(Status.ERROR) + " errors, "
                + r.count(Status.TIMEOUT) + " timeouts; " + r.unexpected() + " not as the baselines expect"
                + (r.complete() ? "" : " (INCOMPLETE: the run was interrupted)");
    }
}
