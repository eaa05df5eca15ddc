package dev.fencecheck.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fencecheck.lockdep.Finding;
import dev.fencecheck.lockdep.ValidatorOptions;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The dynamic topological order only decides when the cycle search may be skipped: every report
 * is the same as with lockdep's search for every new dependency.
 */
class TopologicalOrderPropertyTest {

    @Provide
    Arbitrary<String> scenarios() {
        return ScenarioGenerators.scenarios();
    }

    @Property
    void reportsAreTheSameWithTheTopologicalOrderOnAndOff(@ForAll("scenarios") String text) throws Exception {
        Scenario s = ScenarioParser.parse("generated.scenario", text);
        List<List<String>> ordered = reports(ScenarioChecker.check(s, ValidatorOptions.defaults()));
        List<List<String>> searched = reports(ScenarioChecker.check(s,
                ValidatorOptions.defaults().withTopologicalOrder(false)));
        assertEquals(searched, ordered, text);
    }

    private static List<List<String>> reports(CheckResult r) {
        return r.findings().stream().map(Finding::report).toList();
    }
}
