package dev.fencecheck.conformance.junit;

import dev.fencecheck.conformance.plugin.DriverLoader;
import dev.fencecheck.conformance.plugin.LoadError;
import dev.fencecheck.conformance.plugin.LoadedDriver;
import dev.fencecheck.conformance.run.Baseline;
import dev.fencecheck.conformance.run.ConformanceRunner;
import dev.fencecheck.conformance.run.Result;
import dev.fencecheck.conformance.run.Status;
import dev.fencecheck.conformance.scenarios.StandardScenario;
import dev.fencecheck.conformance.scenarios.StandardScenarios;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;

/**
 * The conformance suite as a JUnit Platform engine, for plugin writers: with the
 * {@code fencecheck-conformance} artifact as a test dependency, Surefire and IDEs find every
 * driver on the test class path and run one test per (scenario, rule), named
 * {@code <driver>/<scenario>/<RULE-ID>}. Failures a baseline expects are reported as skipped.
 *
 * <p>Configuration parameters (all optional): {@code fencecheck.baseline} (directory of
 * {@code <driver>-fails.txt}, default {@code baselines}), {@code fencecheck.maxExecutions},
 * {@code fencecheck.timeoutSeconds}, {@code fencecheck.enabled} ({@code false} turns the engine off).
 *
 * <p>Driver code runs in the test JVM, not in driver processes as under {@code fencecheck run}: a
 * plugin writer's breakpoints, debugger and coverage then work on it, and a plugin's own build
 * is the place where a driver that exits or exhausts the heap should fail loudly.
 */
public final class ConformanceTestEngine implements TestEngine {
    public static final String ID = "fencecheck-conformance";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Optional<String> getGroupId() {
        return Optional.of("dev.fencecheck");
    }

    @Override
    public Optional<String> getArtifactId() {
        return Optional.of("fencecheck-conformance");
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        EngineDescriptor engine = new EngineDescriptor(uniqueId, "fencecheck conformance");
        if (!request.getConfigurationParameters().getBoolean("fencecheck.enabled").orElse(true)) {
            return engine;
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        DriverLoader.Result loaded = DriverLoader.load(loader == null ? getClass().getClassLoader() : loader);
        for (LoadError e : loaded.errors()) {
            if (!e.message().startsWith("no driver plugin found")) {
                engine.addChild(new PluginErrorDescriptor(engine.getUniqueId().append("plugin-error", e.describe()), e));
            }
        }
        for (LoadedDriver d : loaded.drivers()) {
            String id = d.descriptor().id();
            DriverDescriptorNode driverNode = new DriverDescriptorNode(engine.getUniqueId().append("driver", id), d);
            engine.addChild(driverNode);
            for (StandardScenario s : StandardScenarios.all()) {
                ScenarioNode scenarioNode = new ScenarioNode(driverNode.getUniqueId().append("scenario", s.id()),
                        id + "/" + s.id(), s, driverNode.getSource().orElse(null));
                driverNode.addChild(scenarioNode);
                for (String rule : s.rules()) {
                    scenarioNode.addChild(new RuleNode(scenarioNode.getUniqueId().append("rule", rule),
                            id + "/" + s.id() + "/" + rule, rule, driverNode.getSource().orElse(null)));
                }
            }
        }
        return engine;
    }

    @Override
    public void execute(ExecutionRequest request) {
        TestDescriptor root = request.getRootTestDescriptor();
        EngineExecutionListener listener = request.getEngineExecutionListener();
        var params = request.getConfigurationParameters();
        Path baselineDir = Path.of(params.get("fencecheck.baseline").orElse("baselines"));
        ConformanceRunner runner = new ConformanceRunner(new ConformanceRunner.Options(
                params.get("fencecheck.maxExecutions").map(Long::parseLong).orElse(200L), 0,
                params.get("fencecheck.timeoutSeconds").map(Long::parseLong).orElse(60L), 10_000));
        listener.executionStarted(root);
        for (TestDescriptor child : root.getChildren()) {
            if (child instanceof PluginErrorDescriptor p) {
                listener.executionStarted(p);
                listener.executionFinished(p, TestExecutionResult.failed(new AssertionError(p.error.describe())));
            } else if (child instanceof DriverDescriptorNode d) {
                runDriver(d, runner, baselineDir, listener);
            }
        }
        listener.executionFinished(root, TestExecutionResult.successful());
    }

    private static void runDriver(DriverDescriptorNode d, ConformanceRunner runner, Path baselineDir,
                                  EngineExecutionListener listener) {
        listener.executionStarted(d);
        Baseline baseline;
        try {
            baseline = Baseline.read(baselineDir, d.driver.descriptor().id());
        } catch (Baseline.BaselineException e) {
            listener.executionFinished(d, TestExecutionResult.failed(new AssertionError(e.getMessage())));
            return;
        }
        for (TestDescriptor child : d.getChildren()) {
            ScenarioNode s = (ScenarioNode) child;
            listener.executionStarted(s);
            List<Result> results = runner.run(d.driver, s.scenario);
            for (TestDescriptor leaf : s.getChildren()) {
                RuleNode rule = (RuleNode) leaf;
                Result r = results.stream().filter(x -> x.rule().equals(rule.rule)).findFirst().orElse(null);
                report(listener, rule, r, baseline);
            }
            for (Result r : results) {
                if (s.getChildren().stream().noneMatch(c -> ((RuleNode) c).rule.equals(r.rule()))) {
                    RuleNode extra = new RuleNode(s.getUniqueId().append("rule", r.rule()), r.name(), r.rule(),
                            s.getSource().orElse(null));
                    s.addChild(extra);
                    listener.dynamicTestRegistered(extra);
                    report(listener, extra, r, baseline);
                }
            }
            listener.executionFinished(s, TestExecutionResult.successful());
        }
        listener.executionFinished(d, TestExecutionResult.successful());
    }

    private static void report(EngineExecutionListener listener, RuleNode node, Result r, Baseline baseline) {
        if (r == null) {
            listener.executionSkipped(node, "not evaluated");
            return;
        }
        if (r.status() == Status.SKIP) {
            listener.executionSkipped(node, r.reason());
            return;
        }
        if (r.status() != Status.PASS && baseline.expects(r)) {
            listener.executionSkipped(node, "expected " + r.status().word() + " (baseline): " + r.reason());
            return;
        }
        listener.executionStarted(node);
        if (r.status() == Status.PASS && baseline.expects(r)) {
            listener.executionFinished(node, TestExecutionResult.successful());
        } else if (r.status() == Status.PASS) {
            listener.executionFinished(node, TestExecutionResult.failed(new AssertionError(
                    r.name() + " passed, but the baseline expects it to fail: remove the line from the baseline")));
        } else {
            StringBuilder text = new StringBuilder(r.name() + ": " + r.status().word() + ": " + r.reason());
            r.findings().forEach(f -> f.report().forEach(l -> text.append('\n').append(l)));
            r.schedule().forEach(step -> text.append('\n').append(step.describe()));
            listener.executionFinished(node, TestExecutionResult.failed(new AssertionError(text.toString())));
        }
    }

    /** A driver: a container of scenarios. */
    private static final class DriverDescriptorNode extends AbstractTestDescriptor {
        final LoadedDriver driver;

        DriverDescriptorNode(UniqueId id, LoadedDriver driver) {
            // The plugin class as source: build tools group and report the tests under it.
            super(id, driver.descriptor().id(), ClassSource.from(driver.pluginClass()));
            this.driver = driver;
        }

        @Override
        public Type getType() {
            return Type.CONTAINER;
        }
    }

    /** A scenario of one driver: a container of rules. */
    private static final class ScenarioNode extends AbstractTestDescriptor {
        final StandardScenario scenario;

        ScenarioNode(UniqueId id, String name, StandardScenario scenario, TestSource source) {
            super(id, name, source);
            this.scenario = scenario;
        }

        @Override
        public Type getType() {
            return Type.CONTAINER;
        }
    }

    /** One (driver, scenario, rule): a test. */
    private static final class RuleNode extends AbstractTestDescriptor {
        final String rule;

        RuleNode(UniqueId id, String name, String rule, TestSource source) {
            // A method source named <driver>/<scenario>/<RULE-ID>: reports show the test by that name.
            super(id, name, source instanceof ClassSource c ? MethodSource.from(c.getClassName(), name) : source);
            this.rule = rule;
        }

        @Override
        public Type getType() {
            return Type.TEST;
        }
    }

    /** A plugin that failed to load: a failing test naming the jar and class. */
    private static final class PluginErrorDescriptor extends AbstractTestDescriptor {
        final LoadError error;

        PluginErrorDescriptor(UniqueId id, LoadError error) {
            super(id, "plugin error: " + error.describe());
            this.error = error;
        }

        @Override
        public Type getType() {
            return Type.TEST;
        }
    }
}
