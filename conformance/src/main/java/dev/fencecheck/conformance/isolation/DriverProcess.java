package dev.fencecheck.conformance.isolation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One driver process (a child JVM running {@link ChildMain}) seen from the parent: send it a
 * task, wait a bounded time for its next message, and, when it dies, say how. Its stdout is read
 * by a thread of its own, so a child that stops answering can never block the parent.
 */
final class DriverProcess implements AutoCloseable {
    /** A message of the child, the end of its output, or nothing within the time given. */
    sealed interface Message {
    }

    record Answer(JsonNode json) implements Message {
    }

    /** The child's stdout ended: it exited or was killed. */
    record Ended() implements Message {
    }

    record Silent() implements Message {
    }

    private static final JsonNode END = new ObjectMapper().nullNode();
    private static final String OOM = "java.lang.OutOfMemoryError";

    private final Process process;
    private final Writer tasks;
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final ObjectMapper mapper = new ObjectMapper();
    /** What the JVM printed about running out of memory, if it did (-XX:+ExitOnOutOfMemoryError). */
    private volatile String outOfMemory;
    private int tasksAnswered;

    private DriverProcess(Process process) {
        this.process = process;
        this.tasks = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readAnswers, "fencecheck: answers of driver process " + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a child; its stderr (driver code's prints, JVM warnings) goes to ours. */
    static DriverProcess start(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        return new DriverProcess(pb.start());
    }

    long pid() {
        return process.pid();
    }

    /** How many tasks this process has answered: 0 means it is fresh. */
    int tasksAnswered() {
        return tasksAnswered;
    }

    void send(String driver, String scenario) throws IOException {
        tasks.write(mapper.createObjectNode().put("driver", driver).put("scenario", scenario).toString());
        tasks.write('\n');
        tasks.flush();
    }

    /** The child's next message, waiting at most {@code nanos}. */
    Message next(long nanos) throws InterruptedException {
        JsonNode m = messages.poll(Math.max(nanos, 0), TimeUnit.NANOSECONDS);
        if (m == null) {
            return new Silent();
        }
        if (m == END) {
            messages.add(END); // stays ended
            return new Ended();
        }
        if (m.has("results")) {
            tasksAnswered++;
        }
        return new Answer(m);
    }

    /**
     * How the process ended, for people: {@code "ran out of memory (Java heap space, heap limit
     * 512m)"}, {@code "exited with status 3 (System.exit or Runtime.halt in driver code?)"}.
     */
    String describeEnd(String heapLimit) throws InterruptedException {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            // it closed its stdout but lives on: it is of no more use
            kill();
            process.waitFor(5, TimeUnit.SECONDS);
            return "closed its output and was killed";
        }
        String oom = outOfMemory;
        if (oom != null) {
            String kind = oom.substring(oom.indexOf(OOM) + OOM.length()).replaceFirst("^:\\s*", "").trim();
            return "ran out of memory (" + (kind.isEmpty() ? "" : kind + ", ") + "heap limit " + heapLimit + ")";
        }
        int status = process.exitValue();
        if (status > 128 && status < 128 + 32) {
            // Java reports death by signal N as 128 + N
            return "was killed by signal " + (status - 128) + " (exit status " + status + ")";
        }
        return "exited with status " + status + " (System.exit or Runtime.halt in driver code?)";
    }

    /** Kills the child and anything it started; waits briefly so that no process is left behind. */
    @Override
    public void close() {
        kill();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private void readAnswers() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("{")) {
                    try {
                        messages.add(mapper.readTree(line));
                        continue;
                    } catch (IOException e) {
                        // not ours: fall through
                    }
                }
                if (line.contains(OOM)) {
                    outOfMemory = line;
                }
            }
        } catch (IOException e) {
            // the same as the end of the output
        }
        messages.add(END);
    }
}
