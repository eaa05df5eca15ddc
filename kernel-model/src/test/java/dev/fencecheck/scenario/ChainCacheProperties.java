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
 * The chain cache is an optimisation only: lockdep's verdict on any scenario (the set of
 * findings that {@code expect} lines are judged against) is the same with it on and off
 * (lockdep-model.md, "Chain cache", note 3). Here even the reports, in order, are the same.
 */
class ChainCacheProperties {

    @Provide
    Arbitrary<String> scenarios() {
        return ScenarioGenerators.scenarios();
    }

    @Property
    void verdictIsTheSameWithTheChainCacheOnAndOff(@ForAll("scenarios") String text) throws Exception {
        Scenario s = ScenarioParser.parse("generated.scenario", text);
        List<String> cached = summary(ScenarioChecker.check(s, ValidatorOptions.defaults()));
        List<String> uncached = summary(ScenarioChecker.check(s, ValidatorOptions.defaults().withChainCache(false)));
        assertEquals(uncached, cached, text);
    }

    private static List<String> summary(CheckResult r) {
        return r.findings().stream().map(f -> f.label() + "@" + f.site().line() + ":" + f.thread()).toList();
    }

    @Property(tries = 200)
    void checkingIsDeterministic(@ForAll("scenarios") String text) throws Exception {
        Scenario s = ScenarioParser.parse("generated.scenario", text);
        List<List<String>> first = ScenarioChecker.check(s).findings().stream().map(Finding::report).toList();
        List<List<String>> second = ScenarioChecker.check(s).findings().stream().map(Finding::report).toList();
        assertEquals(first, second);
    }
}
