package dev.fencecheck.conformance.report;

import dev.fencecheck.conformance.run.Result;
import dev.fencecheck.lockdep.Dependency;
import dev.fencecheck.lockdep.Finding;

/** Graphviz DOT of each dependency cycle found: one digraph per finding with a chain. */
public final class DotReport implements ReportFormat {
    @Override
    public String render(RunReport report) {
        StringBuilder out = new StringBuilder(report.complete() ? ""
                : "// INCOMPLETE: the run was interrupted; only the results made before are drawn\n");
        int n = 0;
        for (Result r : report.results()) {
            for (Finding f : r.findings()) {
                if (f.chain().isEmpty()) {
                    continue;
                }
                out.append("digraph \"").append(quote(r.name() + " #" + (++n))).append("\" {\n");
                out.append("  label=\"").append(quote(f.label() + ": " + f.message())).append("\";\n");
                out.append("  node [shape=box, fontname=\"monospace\"];\n");
                boolean first = true;
                for (Dependency d : f.chain()) {
                    out.append("  \"").append(quote(d.prev().name())).append("\" -> \"")
                            .append(quote(d.next().name())).append("\" [label=\"")
                            .append(quote(d.thread() + ": " + d.nextSite().describe())).append('"')
                            .append(first ? ", color=red, penwidth=2" : "").append("];\n");
                    first = false;
                }
                out.append("}\n");
            }
        }
        return out.toString();
    }

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
