package dev.fencecheck.bench;

import dev.fencecheck.exec.Execution;
import dev.fencecheck.scenario.Scenario;
import dev.fencecheck.scenario.ScenarioExplorer;

/** The explorer workloads: kernel-like scenarios and the shapes of the synthetic ones. */
final class Workloads {
    /** The kernel-like scenarios, the first three being the kernel deadlocks timed to their first find. */
    static final java.util.List<String> SCENARIOS = java.util.List.of("abba", "wait-in-signalling",
            "shrinker-notifier-submission", "reclaim-in-signalling-section", "rwsem-writer-preference",
            "rwlock-readers");
    static final java.util.List<String> DEADLOCKS = SCENARIOS.subList(0, 3);
    /** Synthetic thread sets: n x k independent steps, or n x k steps all on one object. */
    static final java.util.List<String> SYNTHETIC = java.util.List.of("independent-2x10", "independent-3x4",
            "shared-3x2");

    private Workloads() {
    }

    /** A fresh execution of any workload, scenario or synthetic. */
    static java.util.function.Supplier<Execution> factory(String workload) {
        if (SYNTHETIC.contains(workload)) {
            int[] nk = shape(workload);
            boolean shared = workload.startsWith("shared");
            return () -> new SyntheticThreads(nk[0], nk[1], shared);
        }
        return ScenarioExplorer.executions(scenario(workload));
    }

    static Execution execution(Scenario s) {
        return ScenarioExplorer.newExecution(s);
    }

    /** {@code independent-2x10} -> {2, 10}. */
    static int[] shape(String workload) {
        String nk = workload.substring(workload.lastIndexOf('-') + 1);
        String[] parts = nk.split("x");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }

    static Scenario scenario(String name) {
        return ExplorerBenchmark.parse(name, switch (name) {
            case "abba" -> """
                    scenario ABBA
                    lock A mutex
                    lock B mutex
                    thread t1
                      lock A
                      lock B
                      unlock B
                      unlock A
                    end
                    thread t2
                      lock B
                      lock A
                      unlock A
                      unlock B
                    end
                    """;
            case "reclaim-in-signalling-section" -> """
                    scenario GFP_KERNEL inside the signalling section of a fence a shrinker waits on
                    fence job
                    thread submit
                      publish job
                      begin_signalling
                      alloc GFP_KERNEL
                      signal job
                      end_signalling
                    end
                    shrinker evict
                      wait job
                    end
                    """;
            case "shrinker-notifier-submission" -> """
                    scenario shrinker against notifier against submission
                    lock notifier_lock mutex
                    lock bo_resv ww_mutex class dma_resv
                    fence job
                    shrinker ttm
                      trylock bo_resv
                      wait job
                      unlock bo_resv
                    end
                    notifier userptr
                      lock notifier_lock
                      wait job
                      unlock notifier_lock
                    end
                    thread submit
                      lock bo_resv
                      alloc GFP_KERNEL
                      lock notifier_lock
                      publish job
                      unlock notifier_lock
                      unlock bo_resv
                      begin_signalling
                      signal job
                      end_signalling
                    end
                    thread munmap
                      invalidate
                    end
                    thread kswapd context kthread
                      reclaim
                    end
                    """;
            case "wait-in-signalling" -> """
                    scenario a wait inside a signalling section, on a fence whose signaller waits back
                    lock L mutex
                    fence a
                    fence b
                    thread run_job
                      publish a
                      begin_signalling
                      wait b
                      signal a
                      end_signalling
                    end
                    thread ioctl
                      lock L
                      wait a
                      signal b
                      unlock L
                    end
                    thread other
                      lock L
                      unlock L
                    end
                    """;
            case "rwlock-readers" -> """
                    scenario three readers that commute, and one writer that does not
                    lock A rwsem
                    thread r1
                      read A
                      unlock A
                    end
                    thread r2
                      read A
                      unlock A
                    end
                    thread r3
                      read A
                      unlock A
                    end
                    thread w
                      lock A
                      unlock A
                    end
                    """;
            case "rwsem-writer-preference" -> """
                    scenario a reader re-reads while a writer waits
                    lock A rwsem
                    thread reader
                      read A
                      read A
                      unlock A
                      unlock A
                    end
                    thread writer
                      lock A
                      unlock A
                    end
                    """;
            default -> throw new IllegalArgumentException(name);
        });
    }
}
