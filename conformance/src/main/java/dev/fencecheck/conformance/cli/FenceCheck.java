package dev.fencecheck.conformance.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fencecheck} command line. Exit status: 0 when everything is as expected, 1 when a
 * check found something unexpected, 2 on bad usage or unreadable input.
 */
@Command(name = "fencecheck",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Checks Linux GPU driver locking and dma_fence rules the way lockdep does, and further.",
            "",
            "  run      the conformance suite over the driver plugins",
            "  check    lockdep-mode verdicts on .scenario litmus files",
            "  explore  explores the interleavings of .scenario files for deadlocks",
            "  list     lists the drivers, rules or scenarios",
            "  explain  explains a rule: what it forbids, why, the kernel source, examples"
        },
        subcommands = {RunCommand.class, CheckCommand.class, ExploreCommand.class, ListCommand.class, ExplainCommand.class, CommandLine.HelpCommand.class})
public final class FenceCheck implements Runnable {
    static final int OK = 0;
    static final int UNEXPECTED = 1;
    static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Set by --debug: internal errors print their stack trace. */
    static volatile boolean debug;

    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print the stack trace of an internal error.")
    void setDebug(boolean on) {
        debug = on;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'fencecheck --help'");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit status (for tests). */
    public static int execute(String... args) {
        return execute(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs the command line with the given output streams and returns its exit status. */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new FenceCheck());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("fencecheck: internal error: " + ex
                    + (debug ? "" : " (run with --debug for the stack trace)"));
            if (debug) {
                ex.printStackTrace(cmd.getErr());
            }
            return BAD_INPUT;
        });
        return cl.execute(args);
    }
}
