package dev.fencecheck.conformance.isolation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fencecheck.conformance.plugin.DriverLoader;
import dev.fencecheck.conformance.plugin.LoadedDriver;
import dev.fencecheck.conformance.run.ConformanceRunner;
import dev.fencecheck.conformance.run.Result;
import dev.fencecheck.conformance.run.Status;
import dev.fencecheck.conformance.scenarios.StandardScenario;
import dev.fencecheck.conformance.scenarios.StandardScenarios;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The driver process: runs the (driver, scenario) tasks its parent sends, one JSON line each on
 * stdin, and answers each with one JSON line of results on stdout, as soon as it has them, so
 * that results already made survive the process's death. Driver code runs only here, so a
 * driver that calls {@code System.exit} or exhausts the heap ends this process, not the run.
 *
 * <p>Protocol (see {@link DriverProcess} for the parent's side): the child writes
 * {@code {"ready":true}} once the plugins are loaded; then for each task line
 * {@code {"driver":ID,"scenario":ID}} it writes {@code {"driver":ID,"scenario":ID,"results":[...]}}.
 * The end of stdin means the parent is done or dead: the child halts at once, so it never
 * outlives the parent (no orphans, even when the parent is killed with SIGKILL).
 *
 * <p>Arguments: {@code maxExecutions seed timeoutSeconds stepMillis}.
 */
public final class ChildMain {
    private ChildMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        // The protocol owns the real stdout; whatever driver code prints goes to stderr instead.
        Writer protocol = new BufferedWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
                StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        ignoreInterrupt();
        ConformanceRunner runner = new ConformanceRunner(new ConformanceRunner.Options(Long.parseLong(args[0]),
                Long.parseLong(args[1]), Long.parseLong(args[2]), Long.parseLong(args[3])));
        BlockingQueue<String> tasks = new LinkedBlockingQueue<>();
        Thread stdin = new Thread(() -> readTasks(tasks), "driver process: tasks from the parent");
        stdin.setDaemon(true);
        stdin.start();

        Map<String, LoadedDriver> drivers = new HashMap<>();
        for (LoadedDriver d : DriverLoader.load(ChildMain.class.getClassLoader()).drivers()) {
            drivers.put(d.descriptor().id(), d);
        }
        Map<String, StandardScenario> scenarios = new HashMap<>();
        for (StandardScenario s : StandardScenarios.all()) {
            scenarios.put(s.id(), s);
        }
        ObjectMapper mapper = new ObjectMapper();
        ResultCodec codec = new ResultCodec(mapper);
        send(protocol, mapper.createObjectNode().put("ready", true).toString());
        while (true) {
            JsonNode task = mapper.readTree(tasks.take());
            String driverId = task.get("driver").asText();
            StandardScenario scenario = scenarios.get(task.get("scenario").asText());
            LoadedDriver driver = drivers.get(driverId);
            List<Result> results = driver == null
                    ? ConformanceRunner.all(driverId, scenario, Status.ERROR,
                            "no driver '" + driverId + "' on the driver process's class path")
                    : runner.run(driver, scenario);
            ObjectNode answer = mapper.createObjectNode().put("driver", driverId).put("scenario", scenario.id());
            ArrayNode array = answer.putArray("results");
            results.forEach(r -> array.add(codec.encode(r)));
            send(protocol, answer.toString());
        }
    }

    private static void send(Writer protocol, String line) throws IOException {
        protocol.write(line);
        protocol.write('\n');
        protocol.flush();
    }

    /** Queues the parent's task lines; at the end of stdin the parent is gone or done: halt. */
    private static void readTasks(BlockingQueue<String> tasks) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                tasks.add(line);
            }
        } catch (IOException e) {
            // the same as the end of stdin
        }
        Runtime.getRuntime().halt(0);
    }

    /**
     * Ctrl-C at a terminal signals the whole process group, children included. The parent
     * decides what an interrupted run reports and stops its children itself, so they ignore it.
     */
    @SuppressWarnings("sunapi")
    private static void ignoreInterrupt() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            // no such signal here: the parent still stops its children
        }
    }
}
