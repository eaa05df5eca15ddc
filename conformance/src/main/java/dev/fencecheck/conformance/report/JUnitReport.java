package dev.fencecheck.conformance.report;

import dev.fencecheck.conformance.run.Result;
import dev.fencecheck.conformance.run.Status;
import dev.fencecheck.lockdep.Finding;

/**
 * The run as JUnit XML, one test suite per driver and one test case per (scenario, rule), for CI
 * systems. Failures the baseline expects are reported as skipped, with the reason. An
 * interrupted run ends with a test case {@code fencecheck/run-complete} in error, so that CI
 * shows it was incomplete.
 */
public final class JUnitReport implements ReportFormat {
    @Override
    public String render(RunReport report) {
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.append("<testsuites name=\"fencecheck\" tests=\"").append(report.results().size())
                .append("\" failures=\"").append(failures(report.results())).append('"')
                .append(report.complete() ? "" : " errors=\"1\"").append(">\n");
        for (String d : report.drivers()) {
            var rs = report.of(d);
            out.append("  <testsuite name=\"").append(Xml.escape(d)).append("\" tests=\"").append(rs.size())
                    .append("\" failures=\"").append(failures(rs)).append("\" skipped=\"")
                    .append(rs.stream().filter(JUnitReport::skipped).count()).append("\">\n");
            for (Result r : rs) {
                out.append("    <testcase classname=\"").append(Xml.escape(d)).append("\" name=\"")
                        .append(Xml.escape(r.scenario() + "/" + r.rule())).append('"');
                if (r.status() == Status.PASS && r.expected()) {
                    out.append("/>\n");
                    continue;
                }
                out.append(">\n");
                if (skipped(r)) {
                    String why = r.status() == Status.SKIP ? r.reason()
                            : "expected " + r.status().word() + " (baseline): " + r.reason();
                    out.append("      <skipped message=\"").append(Xml.escape(why)).append("\"/>\n");
                } else {
                    String type = r.status() == Status.PASS ? "unexpected-pass" : r.status().word();
                    out.append("      <failure type=\"").append(type).append("\" message=\"")
                            .append(Xml.escape(r.reason().isEmpty() ? type : r.reason())).append("\">");
                    StringBuilder body = new StringBuilder();
                    for (Finding f : r.findings()) {
                        f.report().forEach(l -> body.append(l).append('\n'));
                    }
                    r.schedule().forEach(s -> body.append(s.describe()).append('\n'));
                    out.append(Xml.escape(body.toString())).append("</failure>\n");
                }
                out.append("    </testcase>\n");
            }
            out.append("  </testsuite>\n");
        }
        if (!report.complete()) {
            out.append("  <testsuite name=\"fencecheck\" tests=\"1\" failures=\"0\" errors=\"1\">\n")
                    .append("    <testcase classname=\"fencecheck\" name=\"run-complete\">\n")
                    .append("      <error type=\"incomplete\" message=\"INCOMPLETE: the run was interrupted; only the")
                    .append(" results made before are reported\"/>\n    </testcase>\n  </testsuite>\n");
        }
        return out.append("</testsuites>\n").toString();
    }

    private static boolean skipped(Result r) {
        return r.status() == Status.SKIP || (r.expected() && r.status() != Status.PASS);
    }

    private static long failures(java.util.List<Result> rs) {
        return rs.stream().filter(r -> !r.expected()).count();
    }
}
