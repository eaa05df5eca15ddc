package dev.fencecheck.conformance.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fencecheck.conformance.rules.Rule;
import dev.fencecheck.conformance.rules.RuleCatalog;
import dev.fencecheck.conformance.scenarios.StandardScenario;
import dev.fencecheck.conformance.scenarios.StandardScenarios;
import java.io.PrintWriter;
import java.util.Locale;

/** The {@code list rules} and {@code list scenarios} output, for {@link ListCommand}. */
final class RuleAndScenarioListing {
    private RuleAndScenarioListing() {
    }

    /**
     * Prints the rule catalogue ({@code what} = {@code rules}) or the standard scenarios
     * ({@code scenarios}): one line per entry with id and title, or with {@code json} a JSON list
     * of objects ({@code id}, {@code title} and more).
     *
     * @throws IllegalArgumentException for any other {@code what}
     */
    static void print(String what, PrintWriter out, boolean json) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode list = mapper.createArrayNode();
        switch (what) {
            case "rules" -> {
                for (Rule r : RuleCatalog.all()) {
                    if (!json) {
                        out.printf("%-28s %s%n", r.id(), r.title());
                        continue;
                    }
                    ObjectNode o = list.addObject();
                    o.put("id", r.id());
                    o.put("title", r.title());
                    o.put("category", r.category().name().toLowerCase(Locale.ROOT));
                    o.put("expect", ExplainCommand.expectName(r));
                    ArrayNode scenarios = o.putArray("scenarios");
                    r.scenarios().forEach(scenarios::add);
                }
            }
            case "scenarios" -> {
                for (StandardScenario s : StandardScenarios.all()) {
                    if (!json) {
                        out.printf("%-30s %s%n", s.id(), s.title());
                        continue;
                    }
                    ObjectNode o = list.addObject();
                    o.put("id", s.id());
                    o.put("title", s.title());
                    ArrayNode rules = o.putArray("rules");
                    s.rules().forEach(rules::add);
                    o.put("deadlock_rule", s.deadlockRule());
                }
            }
            default -> throw new IllegalArgumentException("expected 'rules' or 'scenarios', found '" + what + "'");
        }
        if (json) {
            try {
                out.println(mapper.writeValueAsString(list));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        out.flush();
    }
}
