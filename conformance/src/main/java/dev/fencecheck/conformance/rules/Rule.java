package dev.fencecheck.conformance.rules;

import java.util.List;
import java.util.Objects;

/**
 * One entry of the {@link RuleCatalog}: a cross-driver rule of {@code shared/docs/rules.md}, a
 * plain lockdep check, or a finding of the model, explained for people.
 *
 * @param id        the rule id ({@code FENCE-ALLOC}) or finding kind ({@code circular-dependency})
 * @param category  which of the three it is
 * @param title     one line
 * @param forbids   what it forbids
 * @param why       the two-thread deadlock or the hazard behind it
 * @param sources   the kernel files, functions and commits it comes from
 * @param check     how fencecheck checks it: the finding kind and classification, or the scenario
 * @param scenarios ids of the standard scenarios that exercise it (possibly none)
 * @param bad       an example that breaks it
 * @param good      the same situation done right
 */
public record Rule(String id, Category category, String title, String forbids, String why, String sources,
                   String check, List<String> scenarios, Example bad, Example good) {

    public Rule {
        Objects.requireNonNull(id);
        Objects.requireNonNull(category);
        scenarios = List.copyOf(scenarios);
    }

    /** What kind of entry a rule is. */
    public enum Category {
        /** A cross-driver rule of {@code rules.md}; findings name it as {@code rule:<ID>}. */
        RULE("cross-driver rule"),
        /** One of lockdep's own checks; findings name it by kind. */
        LOCKDEP("lockdep check"),
        /** A finding only the model makes (explore mode, the driver model). */
        MODEL("model finding");

        private final String label;

        Category(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** How an example is written, and so how it is verified. */
    public enum Form {
        /** A {@code .scenario} file whose verdict {@code fencecheck check} gives. */
        SCENARIO,
        /** A {@code .scenario} file whose verdict {@code fencecheck explore} gives. */
        EXPLORE,
        /** A sketch of driver code against {@code dev.fencecheck.api}; not run. */
        JAVA;

        /** True for the forms that are {@code .scenario} text. */
        public boolean isScenario() {
            return this != JAVA;
        }
    }

    /** An example, in one of the forms. */
    public record Example(Form form, String text) {
        public Example {
            Objects.requireNonNull(form);
            Objects.requireNonNull(text);
        }
    }
}
