package dev.fencecheck.scenario;

import java.util.List;
import java.util.Map;

/**
 * A parsed {@code .scenario} file.
 *
 * @param file           the path it was read from, as given
 * @param title          the text after {@code scenario}
 * @param expectations   what its {@code expect} lines say
 * @param locks          declared locks by name, in declaration order
 * @param fences         declared fences by name, in declaration order
 * @param bodies         threads, shrinkers and notifiers in declaration order
 */
public record Scenario(String file, String title, Expectations expectations, Map<String, LockDecl> locks,
                       Map<String, FenceDecl> fences, List<Body> bodies) {

    public Scenario {
        locks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(locks));
        fences = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fences));
        bodies = List.copyOf(bodies);
    }

    public List<Body> bodies(Body.Kind kind) {
        return bodies.stream().filter(b -> b.kind() == kind).toList();
    }

    /** {@code lock <Name> <kind> [class <ClassName>]}. */
    public record LockDecl(String name, LockKind kind, String className, int line) {
    }

    /** {@code fence <Name> [timeline <Timeline>]}. */
    public record FenceDecl(String name, String timeline, int line) {
    }
}
