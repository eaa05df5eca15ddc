package dev.fencecheck.kernel.model;

import dev.fencecheck.exec.ModelThread;
import dev.fencecheck.kernel.KernelThread;
import dev.fencecheck.lockdep.ExecContext;
import dev.fencecheck.lockdep.Site;

/**
 * kswapd ({@code mm/vmscan.c}): the kernel thread that reclaims in the background. The model runs
 * a bounded number of rounds so that every execution ends; in each round it sleeps if the zone
 * is balanced and otherwise reclaims once, as balance_pgdat() does.
 */
public final class ModelKswapd {
    private ModelKswapd() {
    }

    /** Declares kswapd0 on {@code kernel}, reclaiming from {@code memory} for {@code rounds} rounds. */
    public static ModelThread thread(ModelKernel kernel, ModelMemory memory, int rounds) {
        return kernel.thread("kswapd0", ExecContext.TASK, () -> run(kernel, memory, rounds));
    }

    // vmscan.c: kswapd(): PF_MEMALLOC | PF_KSWAPD for its whole life, then the sleep/balance loop
    private static void run(ModelKernel kernel, ModelMemory memory, int rounds) {
        ModelThread t = ModelThread.current();
        KernelThread kt = kernel.kernelThread(t);
        memory.task(t).enterMemalloc();
        for (int round = 1; round <= rounds; round++) {
            // vmscan.c: kswapd_try_to_sleep(): prepare_kswapd_sleep() sleeps while balanced
            t.point(memory.key(), "kswapd: round " + round + " of " + rounds, "vmscan.c: kswapd");
            if (memory.balanced()) {
                continue;
            }
            memory.reclaim().balance(t, kt, Site.of("vmscan.c: balance_pgdat", "kswapd reclaim, round " + round));
        }
        memory.task(t).exitMemalloc();
    }
}
