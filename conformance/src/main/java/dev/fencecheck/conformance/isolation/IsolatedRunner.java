package dev.fencecheck.conformance.isolation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fencecheck.conformance.plugin.LoadedDriver;
import dev.fencecheck.conformance.run.ConformanceRunner;
import dev.fencecheck.conformance.run.Result;
import dev.fencecheck.conformance.run.ScenarioRunner;
import dev.fencecheck.conformance.run.Status;
import dev.fencecheck.conformance.scenarios.StandardScenario;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs each (driver, scenario) in a driver process, so that nothing driver code does (exit,
 * halt, exhaust the heap, freeze) can take the run down. Each calling thread keeps one child
 * and reuses it for its next tasks (a JVM start per task would cost more than the tasks), so
 * {@code --jobs N} threads mean at most N children.
 *
 * <p>A child is replaced after a timeout (driver threads may still be running in it) and after
 * it dies. A task whose child dies is run once more in a fresh child if the dead one had run
 * other tasks before, so that what is blamed on a driver never depends on what ran before it in
 * the same process; a task that kills a fresh child is an error naming the driver, the scenario
 * and how the process ended.
 */
public final class IsolatedRunner implements ScenarioRunner, AutoCloseable {
    /** How long a child may take to start and load the plugins. */
    private static final long START_MILLIS = 60_000;

    private final ChildJvm jvm;
    private final Map<Thread, DriverProcess> children = new ConcurrentHashMap<>();
    private final ObjectMapper mapper = new ObjectMapper();
    private final Object lifecycle = new Object();
    private volatile boolean closed;

    public IsolatedRunner(ChildJvm jvm) {
        this.jvm = jvm;
    }

    @Override
    public List<Result> run(LoadedDriver driver, StandardScenario scenario) {
        String id = driver.descriptor().id();
        String what = id + "/" + scenario.id();
        try {
            for (int attempt = 0; ; attempt++) {
                if (closed) {
                    return interrupted(id, scenario);
                }
                DriverProcess child = children.get(Thread.currentThread());
                if (child == null) {
                    // Started and registered under the lock close() takes: once close() has
                    // returned, no child can appear that it did not kill.
                    synchronized (lifecycle) {
                        if (closed) {
                            return interrupted(id, scenario);
                        }
                        child = DriverProcess.start(jvm.command());
                        children.put(Thread.currentThread(), child);
                    }
                    String failed = awaitReady(child);
                    if (failed != null) {
                        retire();
                        return closed ? interrupted(id, scenario) : ConformanceRunner.all(id, scenario, Status.ERROR,
                                what + ": the driver process " + failed);
                    }
                }
                boolean fresh = child.tasksAnswered() == 0;
                DriverProcess.Message m;
                try {
                    child.send(id, scenario.id());
                    m = child.next(TimeUnit.MILLISECONDS.toNanos(
                            TimeUnit.SECONDS.toMillis(jvm.options().timeoutSeconds()) + jvm.graceMillis()));
                } catch (IOException e) {
                    m = new DriverProcess.Ended(); // its stdin is closed: it is dead or dying
                }
                if (m instanceof DriverProcess.Answer a) {
                    List<Result> results = decode(a.json());
                    if (results.stream().anyMatch(r -> r.status() == Status.TIMEOUT)) {
                        retire(); // the timed-out driver's threads may still be running there
                    }
                    return results;
                }
                if (m instanceof DriverProcess.Silent) {
                    retire();
                    return closed ? interrupted(id, scenario) : ConformanceRunner.all(id, scenario, Status.TIMEOUT,
                            what + ": no answer within " + jvm.options().timeoutSeconds() + " s + "
                                    + jvm.graceMillis() / 1000.0 + " s; the driver process was killed (frozen,"
                                    + " or a garbage collector that never gets anywhere?)");
                }
                String how = child.describeEnd(jvm.heap());
                retire();
                if (closed) {
                    return interrupted(id, scenario);
                }
                if (fresh || attempt > 0) {
                    return ConformanceRunner.all(id, scenario, Status.ERROR, what + ": the driver process " + how);
                }
                // it had run other tasks: try once more in a fresh process before blaming this one
            }
        } catch (IOException e) {
            return ConformanceRunner.all(id, scenario, Status.ERROR, what + ": cannot start a driver process ("
                    + jvm.java() + "): " + e.getMessage());
        } catch (InterruptedException e) {
            retire();
            Thread.currentThread().interrupt();
            return interrupted(id, scenario);
        }
    }

    /** Null once the child is ready, else what went wrong. */
    private String awaitReady(DriverProcess child) throws InterruptedException {
        DriverProcess.Message m = child.next(TimeUnit.MILLISECONDS.toNanos(START_MILLIS));
        if (m instanceof DriverProcess.Answer a && a.json().path("ready").asBoolean()) {
            return null;
        }
        if (m instanceof DriverProcess.Silent) {
            return "did not start within " + START_MILLIS / 1000 + " s";
        }
        return "did not start: it " + child.describeEnd(jvm.heap());
    }

    private List<Result> decode(JsonNode answer) {
        ResultCodec codec = new ResultCodec(mapper);
        List<Result> out = new ArrayList<>();
        answer.get("results").forEach(r -> out.add(codec.decode(r)));
        return out;
    }

    private static List<Result> interrupted(String driver, StandardScenario scenario) {
        return ConformanceRunner.all(driver, scenario, Status.TIMEOUT, "interrupted");
    }

    /** Kills this thread's child; its next task starts a fresh one. */
    private void retire() {
        DriverProcess child = children.remove(Thread.currentThread());
        if (child != null) {
            child.close();
        }
    }

    /** Kills every child (also from a shutdown hook); tasks still running report "interrupted". */
    @Override
    public void close() {
        synchronized (lifecycle) {
            closed = true;
        }
        for (DriverProcess child : children.values()) {
            child.close();
        }
    }

    /** The pids of the live children (for tests). */
    List<Long> pids() {
        return children.values().stream().map(DriverProcess::pid).toList();
    }
}
