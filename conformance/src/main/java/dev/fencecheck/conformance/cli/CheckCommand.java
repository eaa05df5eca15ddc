package dev.fencecheck.conformance.cli;

import dev.fencecheck.lockdep.Finding;
import dev.fencecheck.lockdep.ValidatorOptions;
import dev.fencecheck.scenario.CheckResult;
import dev.fencecheck.scenario.Scenario;
import dev.fencecheck.scenario.ScenarioChecker;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fencecheck check [--json] FILE|DIR...}: lockdep-mode verdicts on scenario files. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Runs .scenario files through the lock validator (lockdep mode) and compares",
            "the findings with their 'expect' lines. Directories are searched for *.scenario.",
            "Exit status: 0 all pass, 1 a file fails, 2 a file cannot be read or parsed."})
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON document instead of text.")
    boolean json;

    @Option(names = "--no-chain-cache", hidden = true,
            description = "Validate every lock chain again instead of caching it (slower; same verdict).")
    boolean noChainCache;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Scenario files or directories.")
    List<Path> paths;


    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> files;
        try {
            files = ScenarioFiles.expand(paths);
        } catch (NoSuchFileException e) {
            err.println("fencecheck check: " + e.getFile() + ": no such file or directory");
            return FenceCheck.BAD_INPUT;
        }
        List<ScenarioRuns.Outcome<CheckResult>> outcomes = ScenarioRuns.run(files, err,
                s -> ScenarioChecker.check(s, ValidatorOptions.defaults().withChainCache(!noChainCache)));
        if (json) {
            out.println(toJson(outcomes));
        } else {
            printText(out, outcomes);
        }
        out.flush();
        return ScenarioRuns.status(outcomes, CheckResult::pass);
    }

    private static void printText(PrintWriter out, List<ScenarioRuns.Outcome<CheckResult>> outcomes) {
        int passed = 0;
        int failed = 0;
        int errors = 0;
        for (ScenarioRuns.Outcome<CheckResult> o : outcomes) {
            if (o.error() != null) {
                errors++;
                out.println("ERROR " + o.error().getMessage());
                continue;
            }
            CheckResult r = o.result();
            List<String> got = r.findings().stream().map(Finding::label).toList();
            String file = o.path().toString();
            if (r.pass() == null) {
                out.println("NOTE " + file + ": no expect lines, got " + got);
            } else if (r.pass()) {
                passed++;
                out.println("PASS " + file);
            } else {
                failed++;
                out.println("FAIL " + file + ": expected " + r.scenario().expectations().lockdepNames()
                        + ", got " + got);
            }
            ScenarioOutput.printFindings(out, file, r.findings());
            if (!r.findings().isEmpty()) {
                out.println();
            }
        }
        out.println("check: " + passed + " passed, " + failed + " failed"
                + (errors > 0 ? ", " + errors + " could not be parsed" : ""));
    }

    static String toJson(List<ScenarioRuns.Outcome<CheckResult>> outcomes) {
        return ScenarioOutput.filesJson(outcomes, new ScenarioOutput.FileJson<>() {
            @Override
            public Scenario scenario(CheckResult r) {
                return r.scenario();
            }

            @Override
            public List<String> expected(CheckResult r) {
                return r.scenario().expectations().lockdepNames();
            }

            @Override
            public List<Finding> findings(CheckResult r) {
                return r.findings();
            }

            @Override
            public Boolean pass(CheckResult r) {
                return r.pass();
            }
        });
    }
}
