package dev.fencecheck.conformance.report;

import dev.fencecheck.conformance.run.Result;
import dev.fencecheck.conformance.run.Status;
import dev.fencecheck.exec.Step;
import dev.fencecheck.lockdep.Finding;
import java.util.List;

/**
 * One self-contained HTML file: the drivers x rules matrix in colour, each cell linking to its
 * details. Every string from drivers, scenarios and findings is escaped.
 */
public final class HtmlReport implements ReportFormat {
    @Override
    public String render(RunReport report) {
        List<String> rules = report.results().stream().map(Result::rule).distinct().sorted().toList();
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>fencecheck run</title>\n")
                .append("<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #999;padding:.25em .5em;font-size:13px;text-align:center}")
                .append("th{background:#eee}.pass{background:#b7e1b0}.fail{background:#f3a5a5}")
                .append(".xfail{background:#f5d99a}.skip{background:#ddd;color:#555}.error{background:#c77dd6}")
                .append(".timeout{background:#8fb3e8}pre{background:#f6f6f6;padding:.5em;overflow:auto}")
                .append("a{color:inherit}</style></head><body>\n");
        h.append("<h1>fencecheck run</h1>\n<p>").append(Xml.escape(TextReport.summary(report))).append("</p>\n");
        h.append("<p>Legend: <span class=\"pass\">pass</span> <span class=\"fail\">fail (unexpected)</span> ")
                .append("<span class=\"xfail\">fail (expected by the baseline)</span> <span class=\"skip\">skip</span> ")
                .append("<span class=\"error\">error</span> <span class=\"timeout\">timeout</span></p>\n");
        h.append("<table>\n<tr><th>driver</th>");
        for (String rule : rules) {
            h.append("<th>").append(Xml.escape(rule)).append("</th>");
        }
        h.append("</tr>\n");
        for (String d : report.drivers()) {
            h.append("<tr><th>").append(Xml.escape(d)).append("</th>");
            for (String rule : rules) {
                List<Result> rs = report.of(d).stream().filter(r -> r.rule().equals(rule)).toList();
                if (rs.isEmpty()) {
                    h.append("<td></td>");
                    continue;
                }
                Result worst = worst(rs);
                h.append("<td class=\"").append(cssClass(worst)).append("\"><a href=\"#")
                        .append(anchor(d, rule)).append("\">").append(worst.status().word()).append("</a></td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n<h2>Details</h2>\n");
        for (String d : report.drivers()) {
            for (String rule : rules) {
                List<Result> rs = report.of(d).stream().filter(r -> r.rule().equals(rule)).toList();
                if (rs.isEmpty()) {
                    continue;
                }
                h.append("<h3 id=\"").append(anchor(d, rule)).append("\">").append(Xml.escape(d + " / " + rule))
                        .append("</h3>\n<ul>\n");
                for (Result r : rs) {
                    h.append("<li class=\"").append(cssClass(r)).append("\">").append(Xml.escape(r.scenario()))
                            .append(": ").append(r.status().word()).append(r.expected() ? "" : " (unexpected)");
                    if (!r.reason().isEmpty()) {
                        h.append(" &mdash; ").append(Xml.escape(r.reason()));
                    }
                    for (Finding f : r.findings()) {
                        h.append("<pre>").append(Xml.escape(String.join("\n", f.report()))).append("</pre>");
                    }
                    if (!r.schedule().isEmpty()) {
                        h.append("<pre>");
                        int i = 0;
                        for (Step s : r.schedule()) {
                            h.append(++i).append(". ").append(Xml.escape(s.describe())).append('\n');
                        }
                        h.append("</pre>");
                    }
                    h.append("</li>\n");
                }
                h.append("</ul>\n");
            }
        }
        return h.append("</body></html>\n").toString();
    }

    private static Result worst(List<Result> rs) {
        Result worst = rs.get(0);
        for (Result r : rs) {
            if (rank(r) > rank(worst)) {
                worst = r;
            }
        }
        return worst;
    }

    private static int rank(Result r) {
        return switch (r.status()) {
            case SKIP -> 0;
            case PASS -> 1;
            case FAIL -> r.expected() ? 2 : 5;
            case TIMEOUT -> 3;
            case ERROR -> 4;
        };
    }

    private static String cssClass(Result r) {
        if (r.status() == Status.FAIL) {
            return r.expected() ? "xfail" : "fail";
        }
        return r.status().word();
    }

    /** An id made only of safe characters. */
    static String anchor(String driver, String rule) {
        return ("r-" + driver + "-" + rule).replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
