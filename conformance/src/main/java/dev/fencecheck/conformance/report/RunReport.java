package dev.fencecheck.conformance.report;

import dev.fencecheck.conformance.run.Result;
import dev.fencecheck.conformance.run.Status;
import java.util.List;
import java.util.Map;

/**
 * Everything a report shows about one {@code fencecheck run}.
 *
 * @param drivers    the driver ids, in order
 * @param scenarios  the scenario ids, in order
 * @param results    every result, driver by driver, scenario by scenario
 * @param skipped    drivers that were not run, with why (a plugin error)
 * @param complete   false when the run was interrupted before every result was made
 * @param seed       the explorer's seed
 */
public record RunReport(List<String> drivers, List<String> scenarios, List<Result> results,
                        Map<String, String> skipped, boolean complete, long seed) {
    public RunReport {
        drivers = List.copyOf(drivers);
        scenarios = List.copyOf(scenarios);
        results = List.copyOf(results);
        skipped = Map.copyOf(skipped);
    }

    public long count(Status s) {
        return results.stream().filter(r -> r.status() == s).count();
    }

    public long unexpected() {
        return results.stream().filter(r -> !r.expected()).count();
    }

    public List<Result> of(String driver) {
        return results.stream().filter(r -> r.driver().equals(driver)).toList();
    }
}
