package dev.fencecheck.scenario;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.lockdep.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every example of {@code examples/scenarios} is a test: it parses and its expect lines hold. */
class ExampleScenariosTest {
    static final Path EXAMPLES = Path.of("..", "examples", "scenarios");

    static List<Path> examples() throws IOException {
        try (Stream<Path> s = Files.walk(EXAMPLES)) {
            return s.filter(p -> p.toString().endsWith(".scenario")).sorted().toList();
        }
    }

    @Test
    void thereAreAtLeastFortyExamplesCoveringCleanAndFailingCases() throws Exception {
        List<Path> all = examples();
        assertTrue(all.size() >= 40, "only " + all.size() + " examples");
        long clean = 0;
        long failing = 0;
        for (Path p : all) {
            Expectations e = ScenarioParser.parse(p).expectations();
            if (e.clean()) {
                clean++;
            } else if (!e.findings().isEmpty()) {
                failing++;
            }
        }
        assertTrue(clean >= 10, "clean examples: " + clean);
        assertTrue(failing >= 10, "failing examples: " + failing);
    }

    @TestFactory
    Stream<DynamicTest> everyExampleMeetsItsExpectations() throws IOException {
        return examples().stream().map(p -> DynamicTest.dynamicTest(EXAMPLES.relativize(p).toString(), () -> {
            Scenario s = ScenarioParser.parse(p);
            assertFalse(s.title().isBlank());
            CheckResult r = ScenarioChecker.check(s);
            assertNotEquals(Boolean.FALSE, r.pass(), () -> "expected " + s.expectations().lockdepNames()
                    + ", got " + r.findings().stream().map(Finding::label).toList());
            assertTrue(s.expectations().statesLockdepVerdict() || s.expectations().deadlock() != null,
                    "an example states what it expects");
        }));
    }
}
