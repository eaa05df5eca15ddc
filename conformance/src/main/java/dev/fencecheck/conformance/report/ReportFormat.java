package dev.fencecheck.conformance.report;

/** A way to write a {@link RunReport}. */
public interface ReportFormat {
    String render(RunReport report);
}
