package dev.fencecheck.conformance.cli;

import dev.fencecheck.conformance.rules.Rule;
import dev.fencecheck.conformance.rules.RuleCatalog;
import dev.fencecheck.conformance.scenarios.StandardScenario;
import dev.fencecheck.conformance.scenarios.StandardScenarios;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fencecheck explain RULE}: a rule of the catalogue, for people. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explains a rule: a cross-driver rule id (FENCE-ALLOC), a lockdep check",
            "(circular-dependency) or a model finding (deadlock): what it forbids, why, the kernel",
            "sources, how fencecheck checks it, the standard scenarios, and a bad and a good example.",
            "'fencecheck list rules' lists them. Exit status: 0, or 2 for an unknown rule."})
final class ExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RULE", description = "A rule id or finding kind (case does not matter).")
    String id;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Optional<Rule> rule = RuleCatalog.find(id);
        if (rule.isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("fencecheck explain: unknown rule '" + id + "'; known: "
                    + String.join(", ", RuleCatalog.ids()));
            err.flush();
            return FenceCheck.BAD_INPUT;
        }
        print(rule.get(), out);
        out.flush();
        return FenceCheck.OK;
    }

    static void print(Rule r, PrintWriter out) {
        out.println(r.id() + ": " + r.title());
        out.println("(" + r.category().label() + "; expect " + expectName(r) + ")");
        section(out, "What it forbids", r.forbids());
        section(out, "Why", r.why());
        section(out, "Kernel sources", r.sources());
        section(out, "How fencecheck checks it", r.check());
        out.println();
        out.println("Standard scenarios");
        if (r.scenarios().isEmpty()) {
            out.println("  (none)");
        }
        for (String s : r.scenarios()) {
            String title = StandardScenarios.all().stream().filter(x -> x.id().equals(s))
                    .map(StandardScenario::title).findFirst().orElse("?");
            out.printf("  %-30s %s%n", s, title);
        }
        section(out, "Bad example (" + formLabel(r.bad().form()) + ")", r.bad().text());
        section(out, "Good example (" + formLabel(r.good().form()) + ")", r.good().text());
    }

    /** How an {@code expect} line names findings of this rule. */
    static String expectName(Rule r) {
        return r.category() == Rule.Category.RULE ? "rule:" + r.id() : r.id();
    }

    private static String formLabel(Rule.Form form) {
        return switch (form) {
            case SCENARIO -> ".scenario; verdict from 'fencecheck check'";
            case EXPLORE -> ".scenario; verdict from 'fencecheck explore'";
            case JAVA -> "driver code sketch against dev.fencecheck.api; not run";
        };
    }

    private static void section(PrintWriter out, String heading, String text) {
        out.println();
        out.println(heading);
        for (String line : text.stripTrailing().split("\n", -1)) {
            out.println(line.isEmpty() ? "" : "  " + line);
        }
    }
}
