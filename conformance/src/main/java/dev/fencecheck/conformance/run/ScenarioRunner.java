package dev.fencecheck.conformance.run;

import dev.fencecheck.conformance.plugin.LoadedDriver;
import dev.fencecheck.conformance.scenarios.StandardScenario;
import java.util.List;

/**
 * Runs one driver through one standard scenario: in this JVM ({@link ConformanceRunner}) or in
 * a driver process ({@code dev.fencecheck.conformance.isolation.IsolatedRunner}). Safe to call
 * from several threads at once; never throws for anything the driver does.
 */
@FunctionalInterface
public interface ScenarioRunner {
    List<Result> run(LoadedDriver driver, StandardScenario scenario);
}
