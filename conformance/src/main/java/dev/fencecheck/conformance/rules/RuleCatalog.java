package dev.fencecheck.conformance.rules;

import dev.fencecheck.kernel.Rules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every rule fencecheck knows, explained: the cross-driver rules of {@code shared/docs/rules.md}
 * (in its order), lockdep's own checks, and the model's own findings. The texts live in one
 * resource per rule, {@code <ID>.rule} next to this class, in the format {@link #parse} reads.
 */
public final class RuleCatalog {
    /** lockdep's own checks, as finding kinds. */
    public static final List<String> LOCKDEP_CHECKS = List.of("circular-dependency", "recursive-locking",
            "bad-unlock", "sleep-in-atomic", "lock-held-at-exit", "ww-context-misuse", "irq-unsafe");

    /** The findings only the model makes. */
    public static final List<String> MODEL_FINDINGS = List.of("deadlock", "fence-never-signalled",
            "gpu-access-after-invalidate", "double-signal", "gup-in-signalling",
            "fenced-faulting-work", "descriptor-claim");

    private static final List<String> SECTIONS = List.of("title", "forbids", "why", "sources", "check",
            "scenarios", "bad", "good");

    private RuleCatalog() {
    }

    /** Every rule, in catalogue order: rules.md, then lockdep checks, then model findings. */
    public static List<Rule> all() {
        return Holder.RULES;
    }

    /** Every id, in catalogue order. */
    public static List<String> ids() {
        return all().stream().map(Rule::id).toList();
    }

    /** The rule with this id; case does not matter ({@code fence-alloc} finds {@code FENCE-ALLOC}). */
    public static Optional<Rule> find(String id) {
        return all().stream().filter(r -> r.id().equalsIgnoreCase(id)).findFirst();
    }

    private static final class Holder {
        static final List<Rule> RULES = load();
    }

    private static List<Rule> load() {
        List<Rule> rules = new ArrayList<>();
        for (String id : Rules.ALL) {
            rules.add(read(id, Rule.Category.RULE));
        }
        for (String id : LOCKDEP_CHECKS) {
            rules.add(read(id, Rule.Category.LOCKDEP));
        }
        for (String id : MODEL_FINDINGS) {
            rules.add(read(id, Rule.Category.MODEL));
        }
        return List.copyOf(rules);
    }

    private static Rule read(String id, Rule.Category category) {
        String name = id + ".rule";
        try (InputStream in = RuleCatalog.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("rule catalogue: resource " + name + " is missing");
            }
            return parse(id, category, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("rule catalogue: cannot read " + name, e);
        }
    }

    /**
     * Reads one rule text: sections that each start with a line {@code %% <name>} (for the
     * examples {@code %% bad <form>} and {@code %% good <form>}, form {@code scenario},
     * {@code explore} or {@code java}) and run to the next such line. Every section is required,
     * {@code scenarios} (blank-separated ids) may be empty. Text before the first section is ignored.
     */
    static Rule parse(String id, Rule.Category category, String text) {
        Map<String, String> sections = new LinkedHashMap<>();
        Map<String, Rule.Form> forms = new LinkedHashMap<>();
        String current = null;
        StringBuilder body = new StringBuilder();
        for (String line : text.split("\r?\n", -1)) {
            if (line.startsWith("%% ")) {
                put(id, sections, current, body);
                String[] header = line.substring(3).trim().split("\\s+");
                current = header[0];
                if (!SECTIONS.contains(current) || sections.containsKey(current)) {
                    throw new IllegalStateException("rule " + id + ": unexpected section '" + line + "'");
                }
                if (current.equals("bad") || current.equals("good")) {
                    if (header.length != 2) {
                        throw new IllegalStateException("rule " + id + ": '" + line + "' needs a form");
                    }
                    forms.put(current, Rule.Form.valueOf(header[1].toUpperCase(Locale.ROOT)));
                }
                body.setLength(0);
            } else if (current != null) {
                body.append(line).append('\n');
            }
        }
        put(id, sections, current, body);
        for (String s : SECTIONS) {
            if (!sections.containsKey(s)) {
                throw new IllegalStateException("rule " + id + ": section '%% " + s + "' is missing");
            }
        }
        String ids = sections.get("scenarios").trim();
        List<String> scenarios = ids.isEmpty() ? List.of() : Arrays.asList(ids.split("\\s+"));
        return new Rule(id, category, sections.get("title"), sections.get("forbids"), sections.get("why"),
                sections.get("sources"), sections.get("check"), scenarios,
                new Rule.Example(forms.get("bad"), sections.get("bad") + "\n"),
                new Rule.Example(forms.get("good"), sections.get("good") + "\n"));
    }

    /** Stores a finished section, without its leading and trailing blank lines. */
    private static void put(String id, Map<String, String> sections, String name, StringBuilder body) {
        if (name == null) {
            return;
        }
        String s = body.toString().replaceAll("^(\\s*\\n)+", "").stripTrailing();
        if (s.isEmpty() && !name.equals("scenarios")) {
            throw new IllegalStateException("rule " + id + ": section '%% " + name + "' is empty");
        }
        sections.put(name, s);
    }
}
