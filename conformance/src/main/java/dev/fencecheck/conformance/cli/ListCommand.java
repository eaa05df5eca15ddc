package dev.fencecheck.conformance.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.conformance.plugin.DriverLoader;
import dev.fencecheck.conformance.plugin.LoadError;
import dev.fencecheck.conformance.plugin.LoadedDriver;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fencecheck list drivers [--json]}. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Lists what fencecheck knows: 'drivers' (the driver plugins on the class path),",
            "'rules' (the cross-driver rules) or 'scenarios' (the standard scenarios)."})
final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "WHAT", description = "drivers, rules or scenarios")
    String what;

    @Option(names = "--json", description = "Print a JSON list of objects instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (what.equals("rules") || what.equals("scenarios")) {
            RuleAndScenarioListing.print(what, out, json);
            out.flush();
            return FenceCheck.OK;
        }
        if (!what.equals("drivers")) {
            err.println("fencecheck list: expected 'drivers', 'rules' or 'scenarios', found '" + what + "'");
            return FenceCheck.BAD_INPUT;
        }
        DriverLoader.Result loaded = DriverLoader.load(ListCommand.class.getClassLoader());
        for (LoadError e : loaded.errors()) {
            err.println("fencecheck: plugin error: " + e.describe());
        }
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ArrayNode list = mapper.createArrayNode();
            for (LoadedDriver d : loaded.drivers()) {
                DriverDescriptor x = d.descriptor();
                ObjectNode o = list.addObject();
                o.put("id", x.id());
                o.put("vendor", x.vendor());
                o.put("kernel", x.kernelVersion());
                o.put("preemption", preemption(x));
                o.put("faults", faults(x));
                o.put("userptr", lower(x.userptr().name()));
                o.put("description", x.description());
                if (x.reproduces() == null) {
                    o.putNull("reproduces");
                } else {
                    o.put("reproduces", x.reproduces());
                }
                o.put("source", d.source());
            }
            out.println(mapper.writeValueAsString(list));
        } else {
            String format = "%-16s %-10s %-7s %-28s %-32s %s%n";
            out.printf(format, "ID", "VENDOR", "KERNEL", "PREEMPTION", "FAULTS", "USERPTR");
            for (LoadedDriver d : loaded.drivers()) {
                DriverDescriptor x = d.descriptor();
                out.printf(format, x.id(), x.vendor(), x.kernelVersion(), preemption(x), faults(x),
                        lower(x.userptr().name()));
            }
        }
        out.flush();
        return loaded.errors().isEmpty() ? FenceCheck.OK : FenceCheck.BAD_INPUT;
    }

    private static String lower(String enumName) {
        return enumName.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String preemption(DriverDescriptor d) {
        String g = lower(d.hardware().preemption().name());
        if (d.hardware().preemption().name().equals("NONE")) {
            return "none";
        }
        return g + " (" + d.preemptionLatency() + " ticks"
                + (d.hardware().preemptWithFaultPending() ? ", with fault pending" : "") + ")";
    }

    static String faults(DriverDescriptor d) {
        if (!d.hardware().recoverableFaults()) {
            return "not recoverable";
        }
        return "recoverable (" + lower(d.faultMitigation().name()) + ")";
    }
}
