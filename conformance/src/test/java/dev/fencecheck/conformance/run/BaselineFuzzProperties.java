package dev.fencecheck.conformance.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The baseline reader, fed any text, either reads it or reports a one-line error naming the file
 * and the line and what was expected there; it never throws anything else.
 */
class BaselineFuzzProperties {
    private static final List<String> PIECES = List.of("submit-under-memory-pressure", "/", "FENCE-ALLOC", ",",
            "Fail", "Crash", "Timeout", "Pass", "#", " ", "\t", "x", "display-commit-tail/FENCE-LOCK,Fail",
            "é", "", ",,", "//");

    @Provide
    Arbitrary<List<String>> lines() {
        Arbitrary<String> line = Arbitraries.oneOf(
                Arbitraries.of(PIECES).list().ofMaxSize(6).map(p -> String.join("", p)),
                Arbitraries.strings().all().ofMaxLength(40));
        return line.list().ofMaxSize(12);
    }

    @Property
    void readsOrReportsALocatedError(@ForAll("lines") List<String> lines) {
        try {
            Baseline.parse("fuzz-fails.txt", lines);
        } catch (Baseline.BaselineException e) {
            String m = e.getMessage();
            assertTrue(m.matches("(?s)fuzz-fails\\.txt:\\d+: expected .*"), m);
            int line = Integer.parseInt(m.substring("fuzz-fails.txt:".length(), m.indexOf(':', 15)));
            assertTrue(line >= 1 && line <= lines.size(), m);
        }
    }
}
