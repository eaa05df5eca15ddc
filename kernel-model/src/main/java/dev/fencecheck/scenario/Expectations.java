package dev.fencecheck.scenario;

import dev.fencecheck.lockdep.Finding;
import java.util.Collection;
import java.util.List;

/**
 * What a scenario's {@code expect} lines say: {@code clean}, a set of findings (kinds and
 * {@code rule:<ID>}), and, for explore mode, {@code deadlock} or {@code no-deadlock}.
 *
 * @param clean     {@code expect clean} was given
 * @param findings  the expected finding names in order of appearance, without duplicates
 * @param deadlock  true for {@code expect deadlock}, false for {@code no-deadlock}, null if neither
 */
public record Expectations(boolean clean, List<String> findings, Boolean deadlock) {

    public Expectations {
        findings = List.copyOf(findings);
    }

    /** Whether the lockdep-mode verdict is stated at all (check ignores deadlock lines). */
    public boolean statesLockdepVerdict() {
        return clean || !findings.isEmpty();
    }

    /** The names as listed, {@code [clean]} for a clean expectation. */
    public List<String> lockdepNames() {
        return clean ? List.of("clean") : findings;
    }

    /**
     * A file passes when every expected finding is present and every finding is named by some
     * expect line; null when the file states no verdict.
     */
    public Boolean judge(Collection<Finding> actual) {
        if (!statesLockdepVerdict()) {
            return null;
        }
        if (clean) {
            return actual.isEmpty();
        }
        for (String name : findings) {
            if (actual.stream().noneMatch(f -> names(name, f))) {
                return false;
            }
        }
        for (Finding f : actual) {
            if (findings.stream().noneMatch(name -> names(name, f))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the expect name {@code name} covers finding {@code f}. */
    public static boolean names(String name, Finding f) {
        if (name.startsWith("rule:")) {
            return name.substring(5).equals(f.rule());
        }
        return name.equals(f.kind().id());
    }
}
