package dev.fencecheck.conformance.cli;

import dev.fencecheck.scenario.Scenario;
import dev.fencecheck.scenario.ScenarioParser;
import dev.fencecheck.scenario.ScenarioSyntaxException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Parses and runs each scenario file for {@code check} and {@code explore}, and their shared exit status. */
final class ScenarioRuns {
    private ScenarioRuns() {
    }

    /** One file's outcome: a result, or the syntax error that stopped it. */
    record Outcome<R>(Path path, R result, ScenarioSyntaxException error) {
    }

    /** Parses each file and runs it; a syntax error is printed to {@code err} and kept as the outcome. */
    static <R> List<Outcome<R>> run(List<Path> files, PrintWriter err, Function<Scenario, R> run) {
        List<Outcome<R>> outcomes = new ArrayList<>();
        for (Path f : files) {
            try {
                outcomes.add(new Outcome<>(f, run.apply(ScenarioParser.parse(f)), null));
            } catch (ScenarioSyntaxException e) {
                err.println(e.getMessage());
                outcomes.add(new Outcome<>(f, null, e));
            }
        }
        return outcomes;
    }

    /** 2 when a file could not be parsed, 1 when one failed its expectations, else 0. */
    static <R> int status(List<Outcome<R>> outcomes, Function<R, Boolean> pass) {
        if (outcomes.stream().anyMatch(o -> o.error() != null)) {
            return FenceCheck.BAD_INPUT;
        }
        if (outcomes.stream().anyMatch(o -> Boolean.FALSE.equals(pass.apply(o.result())))) {
            return FenceCheck.UNEXPECTED;
        }
        return FenceCheck.OK;
    }
}
