package dev.fencecheck.conformance.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fencecheck.exec.ExplorationResult;
import dev.fencecheck.exec.Step;
import dev.fencecheck.lockdep.Finding;
import dev.fencecheck.scenario.ExploreResult;
import dev.fencecheck.scenario.Scenario;
import dev.fencecheck.scenario.ScenarioExplorer;
import dev.fencecheck.scenario.ScenarioParser;
import dev.fencecheck.scenario.ScenarioSyntaxException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fencecheck explore [--json] [--max-executions N] [--seed S] FILE|DIR...}. */
@Command(name = "explore", mixinStandardHelpOptions = true,
        description = {"Runs the threads of .scenario files concurrently on the deterministic executor,",
            "explores their interleavings (with partial-order reduction) for a deadlock, and also",
            "runs the validator. Exit status: 0 all pass, 1 a file fails, 2 bad input."})
final class ExploreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON document instead of text.")
    boolean json;

    @Option(names = "--max-executions", paramLabel = "N", defaultValue = "100000",
            description = "Budget of executions per file (default: ${DEFAULT-VALUE}).")
    long maxExecutions;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Permutes the order in which threads are tried (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--schedule", paramLabel = "THREADS",
            description = "Replay one schedule, given as the thread of each step (\"t1 t2 t1\"), instead of exploring.")
    String schedule;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Scenario files or directories.")
    List<Path> paths;


    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (maxExecutions < 1) {
            err.println("fencecheck explore: --max-executions must be at least 1, got " + maxExecutions);
            return FenceCheck.BAD_INPUT;
        }
        List<Path> files;
        try {
            files = ScenarioFiles.expand(paths);
        } catch (NoSuchFileException e) {
            err.println("fencecheck explore: " + e.getFile() + ": no such file or directory");
            return FenceCheck.BAD_INPUT;
        }
        if (schedule != null) {
            return replay(out, err, files);
        }
        List<ScenarioRuns.Outcome<ExploreResult>> outcomes = ScenarioRuns.run(files, err,
                s -> ScenarioExplorer.explore(s, maxExecutions, seed));
        if (json) {
            out.println(toJson(outcomes));
        } else {
            printText(out, outcomes);
        }
        out.flush();
        return ScenarioRuns.status(outcomes, ExploreResult::pass);
    }

    /** --schedule: runs one schedule step by step and prints it. */
    private int replay(PrintWriter out, PrintWriter err, List<Path> files) {
        List<String> threads = List.of(schedule.trim().split("[\\s,]+"));
        int status = FenceCheck.OK;
        for (Path f : files) {
            try {
                Scenario s = ScenarioParser.parse(f);
                ScenarioExplorer.Replay r = ScenarioExplorer.replay(s, threads);
                out.println("REPLAY " + f + ": " + r.steps().size() + " steps");
                int i = 0;
                for (Step step : r.steps()) {
                    out.println(String.format("  %4d. %s", ++i, step.describe()));
                }
                if (r.error() != null) {
                    err.println("fencecheck explore: " + f + ": --schedule " + r.error());
                    status = FenceCheck.BAD_INPUT;
                } else {
                    out.println(r.state());
                }
            } catch (ScenarioSyntaxException e) {
                err.println(e.getMessage());
                status = FenceCheck.BAD_INPUT;
            }
        }
        out.flush();
        return status;
    }

    private static List<String> expected(Scenario s) {
        List<String> e = new ArrayList<>(s.expectations().lockdepNames());
        if (!s.expectations().statesLockdepVerdict()) {
            e.clear();
        }
        if (s.expectations().deadlock() != null) {
            e.add(s.expectations().deadlock() ? "deadlock" : "no-deadlock");
        }
        return e;
    }

    private static void printText(PrintWriter out, List<ScenarioRuns.Outcome<ExploreResult>> outcomes) {
        int passed = 0;
        int failed = 0;
        int errors = 0;
        for (ScenarioRuns.Outcome<ExploreResult> o : outcomes) {
            if (o.error() != null) {
                errors++;
                out.println("ERROR " + o.error().getMessage());
                continue;
            }
            ExploreResult r = o.result();
            ExplorationResult x = r.exploration();
            String file = o.path().toString();
            String stats = " (" + x.executions() + " execution" + (x.executions() == 1 ? "" : "s")
                    + (x.complete() ? ", exhaustive" : ", budget reached") + ")";
            if (r.pass() == null) {
                out.println("NOTE " + file + ": no expect lines, got " + r.labels() + stats);
            } else if (r.pass()) {
                passed++;
                out.println("PASS " + file + stats);
            } else {
                failed++;
                out.println("FAIL " + file + ": expected " + expected(r.scenario()) + ", got " + r.labels() + stats);
            }
            if (x.deadlock() != null) {
                out.println();
                out.println("    DEADLOCK: every unfinished thread is blocked");
                out.println("    schedule:");
                int i = 0;
                for (Step s : x.deadlock().schedule()) {
                    out.println(String.format("    %4d. %s", ++i, s.describe()));
                }
                out.println("    blocked:");
                for (String b : x.deadlock().blocked()) {
                    out.println("      " + b);
                }
                out.println("    replay with: --schedule \"" + x.deadlock().scheduleString() + "\"");
            }
            ScenarioOutput.printFindings(out, file, r.findings());
            if (x.deadlock() != null || !r.findings().isEmpty()) {
                out.println();
            }
        }
        out.println("explore: " + passed + " passed, " + failed + " failed"
                + (errors > 0 ? ", " + errors + " could not be parsed" : ""));
    }

    private static String toJson(List<ScenarioRuns.Outcome<ExploreResult>> outcomes) {
        return ScenarioOutput.filesJson(outcomes, new ScenarioOutput.FileJson<>() {
            @Override
            public Scenario scenario(ExploreResult r) {
                return r.scenario();
            }

            @Override
            public List<String> expected(ExploreResult r) {
                return ExploreCommand.expected(r.scenario());
            }

            @Override
            public List<Finding> findings(ExploreResult r) {
                return r.findings();
            }

            @Override
            public Boolean pass(ExploreResult r) {
                return r.pass();
            }

            @Override
            public void details(ExploreResult r, ObjectNode f, ArrayNode fs) {
                ExplorationResult x = r.exploration();
                if (x.deadlock() != null) {
                    ObjectNode d = fs.addObject();
                    d.put("kind", "deadlock");
                    d.putNull("rule");
                    d.put("message", "every unfinished thread is blocked: " + String.join("; ", x.deadlock().blocked()));
                    ArrayNode lines = d.putArray("lines");
                    x.deadlock().schedule().stream().map(Step::where)
                            .filter(w -> w.startsWith("line ")).map(w -> Integer.parseInt(w.substring(5)))
                            .distinct().sorted().forEach(lines::add);
                }
                f.put("executions", x.executions());
                f.put("complete", x.complete());
                if (x.deadlock() != null) {
                    ArrayNode schedule = f.putArray("schedule");
                    int i = 0;
                    for (Step s : x.deadlock().schedule()) {
                        ObjectNode step = schedule.addObject();
                        step.put("step", ++i);
                        step.put("thread", s.thread());
                        step.put("operation", s.operation());
                        step.put("where", s.where());
                    }
                    ArrayNode blocked = f.putArray("blocked");
                    x.deadlock().blocked().forEach(blocked::add);
                }
            }
        });
    }
}
