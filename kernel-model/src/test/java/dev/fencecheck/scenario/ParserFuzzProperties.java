package dev.fencecheck.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The parser, fed any text, either parses it or reports a syntax error located inside the
 * text (line 1..lines, column 1..line length + 1); it never throws anything else.
 */
class ParserFuzzProperties {
    private static final List<String> WORDS = List.of("scenario", "expect", "clean", "lock", "fence", "thread",
            "shrinker", "notifier", "end", "context", "class", "timeline", "ctx", "mutex", "spinlock", "rwsem",
            "rwlock", "ww_mutex", "map", "process", "hardirq", "softirq", "kthread", "read", "read_recursive",
            "trylock", "unlock", "ww_acquire", "ww_lock", "ww_release", "alloc", "GFP_KERNEL", "GFP_NOWAIT",
            "begin_signalling", "end_signalling", "publish", "signal", "wait", "invalidate", "reclaim",
            "circular-dependency", "rule:FENCE-ALLOC", "rule:NOPE", "deadlock", "A", "B", "F", "x y", "#", "\n",
            "\n", "\n", "  ", "\t", "é", "1abc", "", "\r\n", "dma_resv", "mmap_lock");

    @Provide
    Arbitrary<String> tokenSoup() {
        Arbitrary<String> word = Arbitraries.of(WORDS);
        return word.list().ofMaxSize(60).map(ws -> String.join(" ", ws));
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.strings().all().ofMaxLength(200);
    }

    @Property
    void tokenSoupParsesOrFailsWithALocatedError(@ForAll("tokenSoup") String text) {
        assertParsesOrLocatesError(text);
    }

    @Property
    void arbitraryTextParsesOrFailsWithALocatedError(@ForAll("anyText") String text) {
        assertParsesOrLocatesError(text);
    }

    @Property
    void validScenariosAlwaysParse(@ForAll("validScenarios") String text) throws Exception {
        Scenario s = ScenarioParser.parse("valid.scenario", text);
        assertEquals("generated", s.title());
    }

    @Provide
    Arbitrary<String> validScenarios() {
        return ScenarioGenerators.scenarios();
    }

    static void assertParsesOrLocatesError(String text) {
        try {
            ScenarioParser.parse("fuzz.scenario", text);
        } catch (ScenarioSyntaxException e) {
            String[] lines = text.split("\n", -1);
            assertTrue(e.line() >= 1 && e.line() <= lines.length, () -> "line " + e.line() + " of " + lines.length);
            String line = lines[e.line() - 1];
            assertTrue(e.column() >= 1 && e.column() <= line.length() + 1,
                    () -> "column " + e.column() + " on a line of " + line.length());
            assertTrue(e.getMessage().startsWith("fuzz.scenario:" + e.line() + ":" + e.column() + ": expected "),
                    e::getMessage);
            assertEquals(1, e.getMessage().lines().count(), "a one-line message");
        }
    }
}
