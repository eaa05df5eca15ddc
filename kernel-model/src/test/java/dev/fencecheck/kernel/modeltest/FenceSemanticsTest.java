package dev.fencecheck.kernel.modeltest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.exec.CoopExecution;
import dev.fencecheck.exec.ExplorationResult;
import dev.fencecheck.exec.Explorer;
import dev.fencecheck.kernel.model.ModelKernel;
import dev.fencecheck.lockdep.ExecContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The behaviours of the kernel's dma_fence selftest ({@code drivers/dma-buf/st-dma-fence.c},
 * KUnit suite "dma-buf-fence"), one test each, on model fences run by modelled threads.
 */
class FenceSemanticsTest {
    private static final int EIO = -5;

    /** A fresh, unsignalled fence on a timeline of its own, like the selftest's mock_fence(). */
    private static DmaFence mockFence(ModelKernel k) {
        return k.fences().timeline("mock").create();
    }

    /** Runs {@code body} on a fresh mock fence as a lone task; it must not throw. */
    private static FenceModels.Solo withFence(Consumer<DmaFence> body) {
        FenceModels.Solo solo = FenceModels.alone(k -> body.accept(mockFence(k)));
        assertEquals(List.of(), solo.failures());
        return solo;
    }

    @Test
    void sanitycheck() {
        boolean[] signalled = new boolean[1];
        FenceModels.Solo solo = withFence(f -> {
            f.enableSignaling();
            signalled[0] = f.signal();
        });
        assertTrue(signalled[0]);
        assertEquals(List.of(), solo.labels());
    }

    @Test
    void signaling() {
        List<Boolean> seen = new ArrayList<>();
        FenceModels.Solo solo = withFence(f -> {
            f.enableSignaling();
            seen.add(f.isSignaled());
            seen.add(f.signal());
            seen.add(f.isSignaled());
            seen.add(f.signal());
        });
        // unsignalled on creation; the first signal is effective, the second is not
        assertEquals(List.of(false, true, true, false), seen);
        assertEquals(List.of("double-signal rule:FENCE-SIGNAL-ONCE"), solo.labels());
    }

    @Test
    void addCallback() {
        List<String> events = new ArrayList<>();
        withFence(f -> {
            events.add("added " + f.addCallback(x -> events.add("callback on " + x.name())));
            f.signal();
            events.add("after signal");
        });
        assertEquals(List.of("added true", "callback on mock:1", "after signal"), events);
    }

    @Test
    void lateAddCallback() {
        List<String> events = new ArrayList<>();
        FenceModels.Solo solo = withFence(f -> {
            f.enableSignaling();
            f.signal();
            events.add("added " + f.addCallback(x -> events.add("callback")));
            // the selftest signals again; the kernel ignores it, the model reports it
            f.signal();
        });
        assertEquals(List.of("added false"), events);
        assertEquals(List.of("double-signal rule:FENCE-SIGNAL-ONCE"), solo.labels());
    }

    @Test
    void rmCallback() {
        List<String> events = new ArrayList<>();
        withFence(f -> {
            Consumer<DmaFence> cb = x -> events.add("callback");
            events.add("added " + f.addCallback(cb));
            events.add("removed " + f.removeCallback(cb));
            f.signal();
        });
        assertEquals(List.of("added true", "removed true"), events);
    }

    @Test
    void lateRmCallback() {
        List<String> events = new ArrayList<>();
        withFence(f -> {
            Consumer<DmaFence> cb = x -> events.add("callback");
            events.add("added " + f.addCallback(cb));
            f.signal();
            events.add("removed " + f.removeCallback(cb));
        });
        assertEquals(List.of("added true", "callback", "removed false"), events);
    }

    @Test
    void status() {
        List<Integer> status = new ArrayList<>();
        withFence(f -> {
            f.enableSignaling();
            status.add(f.status());
            f.signal();
            status.add(f.status());
        });
        assertEquals(List.of(0, 1), status);
    }

    @Test
    void error() {
        List<Integer> status = new ArrayList<>();
        withFence(f -> {
            f.enableSignaling();
            f.setError(EIO);
            status.add(f.status());
            f.signal();
            status.add(f.status());
        });
        // the error is only visible once the fence is signalled
        assertEquals(List.of(0, EIO), status);
    }

    @Test
    void waitReturnsZeroBeforeAndOneAfterTheSignal() {
        List<Long> waits = new ArrayList<>();
        withFence(f -> {
            f.enableSignaling();
            waits.add(f.waitTimeout(0));
            f.signal();
            waits.add(f.waitTimeout(0));
        });
        assertEquals(List.of(0L, 1L), waits);
    }

    /** The waiter, a timer armed after its first wait, and what the second wait returned. */
    private record TimedWait(long first, long second, boolean firedBeforeReturn) {
    }

    @Test
    void waitTimeout() {
        List<TimedWait> results = new ArrayList<>();
        ExplorationResult r = new Explorer(() -> {
            CoopExecution e = new CoopExecution(10_000);
            ModelKernel k = FenceModels.kernel(e);
            DmaFence f = mockFence(k);
            DmaFence armed = k.fences().timeline("timer").create();
            boolean[] fired = new boolean[1];
            k.thread("waiter", ExecContext.TASK, () -> {
                f.enableSignaling();
                long first = f.waitTimeout(1);
                armed.signal(); // mod_timer(&wt.timer, jiffies + 1)
                long second = f.waitTimeout(250);
                results.add(new TimedWait(first, second, fired[0]));
            });
            k.thread("timer", ExecContext.TASK, () -> {
                armed.await();
                f.signal();
                fired[0] = true;
            });
            return e.start();
        }, 1_000, 0, 0).explore();
        assertTrue(r.complete());
        assertNull(r.deadlock());
        assertFalse(results.isEmpty());
        // the timer is not armed yet: the short wait always times out
        assertTrue(results.stream().allMatch(w -> w.first() == 0), results::toString);
        // the long wait succeeds exactly when the timer fired first; otherwise the selftest skips
        assertTrue(results.stream().allMatch(w -> (w.second() > 0) == w.firedBeforeReturn()), results::toString);
        assertTrue(results.stream().anyMatch(w -> w.second() > 0));
        assertTrue(results.stream().anyMatch(w -> w.second() == 0));
    }

    @Test
    void stub() {
        List<DmaFence> stubs = new ArrayList<>();
        List<Boolean> signalled = new ArrayList<>();
        FenceModels.Solo solo = FenceModels.alone(k -> {
            Fences fences = k.fences();
            for (int i = 0; i < 64; i++) {
                DmaFence s = fences.stub();
                stubs.add(s);
                signalled.add(s.isSignaled());
            }
        });
        assertEquals(List.of(), solo.failures());
        assertTrue(signalled.stream().allMatch(b -> b));
        assertEquals(64, signalled.size());
        assertTrue(stubs.stream().allMatch(s -> s == stubs.get(0)));
        assertEquals(0, stubs.get(0).context());
        assertEquals(List.of(), solo.labels());
    }

    @Test
    void raceSignalCallback() {
        for (boolean before : List.of(false, true)) {
            List<String> paths = new ArrayList<>();
            List<CoopExecution> executions = new ArrayList<>();
            ExplorationResult r = new Explorer(() -> raceSignalCallback(before, paths, executions), 10_000, 0, 0)
                    .explore();
            String pass = "signal " + (before ? "before" : "after") + " add_callback";
            assertTrue(r.complete(), pass);
            assertNull(r.deadlock(), pass);
            assertEquals(List.of(), executions.stream().flatMap(e -> e.failures().stream()).toList(), pass);
            // both ways of seeing the other thread's fence complete were explored
            assertTrue(paths.contains("callback"), paths::toString);
            assertTrue(paths.contains("miss"), paths::toString);
        }
    }

    /**
     * st-dma-fence.c: thread_signal_callback(), one pass for each of two threads: signal its own
     * fence before or after adding a callback to the other's, and the callback must be seen.
     */
    private static CoopExecution raceSignalCallback(boolean before, List<String> paths,
                                                    List<CoopExecution> executions) {
        CoopExecution e = new CoopExecution(10_000);
        executions.add(e);
        ModelKernel k = FenceModels.kernel(e);
        Fences.FenceTimeline timeline = k.fences().timeline("race");
        DmaFence[] fences = {timeline.create(), timeline.create()};
        for (int id = 0; id < 2; id++) {
            DmaFence mine = fences[id];
            DmaFence other = fences[1 - id];
            k.thread("dma-fence:" + id, ExecContext.TASK, () -> {
                mine.enableSignaling();
                boolean[] seen = new boolean[1];
                if (before) {
                    mine.signal();
                }
                if (!other.addCallback(f -> seen[0] = true)) {
                    paths.add("miss");
                    seen[0] = true;
                } else {
                    paths.add("callback");
                }
                if (!before) {
                    mine.signal();
                }
                if (!seen[0]) {
                    other.await();
                    other.status(); // __wait_for_callbacks(): take and drop the fence lock
                }
                if (!seen[0]) {
                    throw new AssertionError("callback not seen on " + mine.name());
                }
            });
        }
        return e.start();
    }

    @Test
    void callbacksRunInTheSignallingThreadBeforeTheWaiterWakes() {
        List<List<String>> runs = new ArrayList<>();
        ExplorationResult r = new Explorer(() -> {
            CoopExecution e = new CoopExecution(10_000);
            ModelKernel k = FenceModels.kernel(e);
            DmaFence f = mockFence(k);
            List<String> order = new ArrayList<>();
            runs.add(order);
            k.thread("waiter", ExecContext.TASK, () -> {
                if (!f.addCallback(x -> order.add("callback in " + k.currentThread()))) {
                    order.add("too late"); // the fence was already signalled
                }
                f.await();
                order.add("woken");
            });
            k.thread("signaller", ExecContext.TASK, f::signal);
            return e.start();
        }, 1_000, 0, 0).explore();
        assertTrue(r.complete());
        assertNull(r.deadlock());
        for (List<String> order : runs) {
            if (order.contains("woken")) {
                assertTrue(order.equals(List.of("callback in signaller", "woken"))
                        || order.equals(List.of("too late", "woken")), order::toString);
            }
        }
    }
}
