package dev.fencecheck.conformance.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.conformance.cli.FenceCheck;
import dev.fencecheck.conformance.scenarios.StandardScenario;
import dev.fencecheck.conformance.scenarios.StandardScenarios;
import dev.fencecheck.kernel.Rules;
import dev.fencecheck.lockdep.FindingKind;
import dev.fencecheck.scenario.CheckResult;
import dev.fencecheck.scenario.ExploreResult;
import dev.fencecheck.scenario.Expectations;
import dev.fencecheck.scenario.Scenario;
import dev.fencecheck.scenario.ScenarioChecker;
import dev.fencecheck.scenario.ScenarioExplorer;
import dev.fencecheck.scenario.ScenarioParser;
import dev.fencecheck.scenario.ScenarioSyntaxException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The rule catalogue against rules.md, the standard scenarios and the validator: every rule is
 * there, every scenario it names exists, and every {@code .scenario} example gets the verdict its
 * {@code expect} lines state, BAD with the rule's finding and GOOD clean.
 */
class RuleCatalogTest {
    private static final Set<String> SCENARIO_IDS = new HashSet<>(
            StandardScenarios.all().stream().map(StandardScenario::id).toList());

    @Test
    void everyRuleIdOfRulesMdLockdepCheckAndFindingKindIsInTheCatalogue() {
        List<String> expected = new ArrayList<>(Rules.ALL);
        expected.addAll(RuleCatalog.LOCKDEP_CHECKS);
        expected.addAll(RuleCatalog.MODEL_FINDINGS);
        assertEquals(expected, RuleCatalog.ids(), "catalogue order: rules.md, lockdep checks, model findings");
        for (String id : Rules.ALL) {
            assertEquals(Rule.Category.RULE, RuleCatalog.find(id).orElseThrow().category(), id);
        }
        for (FindingKind k : FindingKind.values()) {
            assertTrue(RuleCatalog.find(k.id()).isPresent(), "finding kind " + k.id() + " is not explained");
        }
        assertEquals("FENCE-ALLOC", RuleCatalog.find("fence-alloc").orElseThrow().id());
    }

    /** The ids as rules.md itself lists them, when the shared docs are next to the checkout. */
    @Test
    void theCatalogueCoversRulesMdAsWritten() throws IOException {
        Path rulesMd = findRulesMd();
        Assumptions.assumeTrue(rulesMd != null, "shared/docs/rules.md not found above " + Path.of("").toAbsolutePath());
        String text = Files.readString(rulesMd);
        Set<String> ids = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `([A-Z][A-Z0-9-]+)` \\|").matcher(text);
        while (m.find()) {
            ids.add(m.group(1));
        }
        String plain = text.substring(text.indexOf("## Plain lock validation"));
        Matcher k = Pattern.compile("`([a-z]+(?:-[a-z]+)+)`").matcher(plain);
        while (k.find()) {
            ids.add(k.group(1));
        }
        assertEquals(15 + 6, ids.size(), "rules.md lists 15 rules and 6 plain checks: " + ids);
        for (String id : ids) {
            assertTrue(RuleCatalog.find(id).isPresent(), id + " of rules.md is not in the catalogue");
        }
    }

    private static Path findRulesMd() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/docs/rules.md");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    @Test
    void everyEntryIsCompleteAndEveryScenarioItNamesExists() {
        for (Rule r : RuleCatalog.all()) {
            for (String text : List.of(r.title(), r.forbids(), r.why(), r.sources(), r.check(), r.bad().text(),
                    r.good().text())) {
                assertFalse(text.isBlank(), r.id());
            }
            assertFalse(r.title().contains("\n"), r.id() + ": the title is one line");
            assertEquals(r.bad().form(), r.good().form(), r.id() + ": BAD and GOOD in one form");
            for (String s : r.scenarios()) {
                assertTrue(SCENARIO_IDS.contains(s), r.id() + " names an unknown standard scenario " + s);
            }
            if (r.category() == Rule.Category.LOCKDEP) {
                assertEquals(Rule.Form.SCENARIO, r.bad().form(), r.id() + ": lockdep checks are expressible");
            }
        }
    }

    /** For the rules.md rules the list is exactly the scenarios whose rules() name the rule. */
    @Test
    void theScenarioListsOfRulesMatchTheStandardScenarios() {
        for (String id : Rules.ALL) {
            Set<String> listing = new TreeSet<>();
            for (StandardScenario s : StandardScenarios.all()) {
                if (s.rules().contains(id)) {
                    listing.add(s.id());
                }
            }
            assertEquals(listing, new TreeSet<>(RuleCatalog.find(id).orElseThrow().scenarios()), id);
        }
        for (StandardScenario s : StandardScenarios.all()) {
            assertTrue(RuleCatalog.ids().containsAll(s.rules()), s.id());
            assertTrue(RuleCatalog.ids().contains(s.deadlockRule()), s.id());
        }
    }

    @TestFactory
    Stream<DynamicTest> everyScenarioExampleGetsItsVerdict() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Rule r : RuleCatalog.all()) {
            if (r.bad().form().isScenario()) {
                tests.add(DynamicTest.dynamicTest(r.id() + " BAD", () -> verify(r, r.bad(), true)));
            }
            if (r.good().form().isScenario()) {
                tests.add(DynamicTest.dynamicTest(r.id() + " GOOD", () -> verify(r, r.good(), false)));
            }
        }
        assertEquals(2 * 16, tests.size(), "7 rules.md rules, 7 lockdep checks, deadlock and double-signal");
        return tests.stream();
    }

    private static void verify(Rule r, Rule.Example e, boolean bad) throws ScenarioSyntaxException {
        String file = r.id() + (bad ? ".bad" : ".good") + ".scenario";
        Scenario s = ScenarioParser.parse(file, e.text());
        String name = r.category() == Rule.Category.RULE ? "rule:" + r.id() : r.id();
        if (e.form() == Rule.Form.EXPLORE) {
            ExploreResult x = ScenarioExplorer.explore(s, ScenarioExplorer.DEFAULT_MAX_EXECUTIONS, 0);
            assertEquals(Boolean.TRUE, x.pass(), file + ": got " + x.labels());
            assertTrue(x.exploration().complete(), file + ": explored exhaustively");
            assertEquals(bad, x.exploration().deadlock() != null, file + ": deadlock verdict");
            if (!bad) {
                assertTrue(x.findings().isEmpty(), file + ": clean");
            }
            return;
        }
        CheckResult c = ScenarioChecker.check(s);
        List<String> got = c.findings().stream().map(f -> f.label()).toList();
        assertEquals(Boolean.TRUE, c.pass(), file + ": expected " + s.expectations().lockdepNames() + ", got " + got);
        if (bad) {
            assertTrue(s.expectations().findings().contains(name), file + " must expect " + name);
            assertTrue(c.findings().stream().anyMatch(f -> Expectations.names(name, f)), file + ": no " + name);
        } else {
            assertTrue(s.expectations().clean(), file + " must expect clean");
            assertTrue(c.findings().isEmpty(), file + ": got " + got);
        }
    }

    @Test
    void explainPrintsEverySectionAndRejectsUnknownIds() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = FenceCheck.execute(new PrintWriter(out), new PrintWriter(err), "explain", "FENCE-ALLOC");
        assertEquals(0, rc, err.toString());
        for (String heading : List.of("FENCE-ALLOC: ", "What it forbids", "Why", "Kernel sources",
                "How fencecheck checks it", "Standard scenarios", "submit-under-memory-pressure", "Bad example",
                "Good example", "expect rule:FENCE-ALLOC")) {
            assertTrue(out.toString().contains(heading), heading + " in:\n" + out);
        }
        out = new StringWriter();
        err = new StringWriter();
        rc = FenceCheck.execute(new PrintWriter(out), new PrintWriter(err), "explain", "NO-SUCH-RULE");
        assertEquals(2, rc);
        assertNotNull(err.toString());
        assertTrue(err.toString().startsWith("fencecheck explain: unknown rule 'NO-SUCH-RULE'; known: FENCE-ALLOC, "),
                err.toString());
        assertTrue(out.toString().isEmpty(), out.toString());
    }
}
