package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Mempool;
import dev.fencecheck.exec.ModelThread;
import dev.fencecheck.kernel.KernelThread;
import dev.fencecheck.lockdep.Site;

/**
 * A {@code mempool_t} ({@code mm/mempool.c}) of one-page elements taken from the model's page
 * allocator: {@code min_nr} elements are allocated up front and kept in reserve. Every
 * operation is a scheduling point on the pool; a waiting mempool_alloc() blocks on it until a
 * mempool_free() refills the reserve.
 */
final class ModelMempool implements Mempool {
    private final ModelKernel kernel;
    private final ModelMemory memory;
    private final String name;
    private final int minNr;
    private int currNr;
    private int allocated;
    private final ModelKey key;

    /** An element handed out by the pool. */
    record Element(String pool, int id) {
    }

    private ModelMempool(ModelKernel kernel, ModelMemory memory, String name, int minNr) {
        this.kernel = kernel;
        this.memory = memory;
        this.name = name;
        this.minNr = minNr;
        this.key = ModelKey.next(kernel, "mempool " + name);
    }

    /**
     * mempool.c: mempool_create(): pre-allocates min_nr elements with GFP_KERNEL; null when that
     * fails. Outside a modelled thread it runs at boot and takes the pages directly.
     */
    static ModelMempool create(ModelKernel kernel, ModelMemory memory, String name, int minNr) {
        if (minNr < 1) {
            throw new IllegalArgumentException("a mempool reserves at least one element");
        }
        ModelMempool pool = new ModelMempool(kernel, memory, name, minNr);
        for (int i = 0; i < minNr; i++) {
            boolean ok = ModelThread.inModel() ? memory.alloc(Gfp.GFP_KERNEL, 1) : memory.allocAtBoot(1);
            if (!ok) {
                // mempool.c: free_pool()
                if (pool.currNr > 0) {
                    freePages(memory, pool.currNr);
                }
                return null;
            }
            pool.currNr++;
        }
        return pool;
    }

    private static void freePages(ModelMemory memory, int pages) {
        if (ModelThread.inModel()) {
            memory.free(pages);
        } else {
            memory.freeAtBoot(pages);
        }
    }

    /**
     * mempool.c: mempool_alloc(): might_alloc(gfp); pool->alloc() with __GFP_DIRECT_RECLAIM and
     * __GFP_IO cleared (and __GFP_NOMEMALLOC | __GFP_NORETRY added); then a reserved element;
     * then once more with the full mask; then, if the mask may not sleep, NULL; otherwise wait
     * for a mempool_free() and start over with the full mask. The kernel's wait is
     * io_schedule_timeout(5 * HZ) followed by a retry; the model waits for the free.
     */
    @Override
    public Object alloc(Gfp gfp) {
        ModelThread t = ModelThread.current();
        KernelThread kt = kernel.kernelThread(t);
        Site s = kernel.site("mempool_alloc(" + name + ", " + gfp + ")");
        t.point(key, s.operation(), s.source());
        kernel.lockdep().mightAlloc(kt, gfp, s);
        int mask = gfp.flags() | ModelMemory.NOMEMALLOC | ModelMemory.NORETRY;
        int temp = mask & ~(Gfp.DIRECT_RECLAIM | Gfp.IO);
        while (true) {
            // pool->alloc(gfp_temp): mempool_alloc_pages() / mempool_alloc_slab()
            Gfp annotation = (temp & Gfp.DIRECT_RECLAIM) != 0 ? gfp : Gfp.GFP_NOWAIT;
            if (memory.allocate(annotation, temp, 1)) {
                return new Element(name, ++allocated);
            }
            t.point(key, s.operation() + ": take a reserved element", s.source());
            if (currNr > 0) {
                currNr--;
                return new Element(name, ++allocated);
            }
            if (temp != mask) {
                temp = mask;
                continue;
            }
            // "We must not sleep if !__GFP_DIRECT_RECLAIM"
            if ((mask & Gfp.DIRECT_RECLAIM) == 0) {
                return null;
            }
            t.block(key, s.operation() + ": wait for mempool_free()", s.source(), () -> currNr > 0,
                    () -> "mempool_free() to " + name + " (all " + minNr + " reserved elements in use)");
        }
    }

    /**
     * mempool.c: mempool_free(): refills the reserve (waking a waiter) while it is below min_nr,
     * otherwise pool->free() returns the page.
     */
    @Override
    public void free(Object element) {
        if (element == null) {
            return;
        }
        ModelThread t = ModelThread.current();
        Site s = kernel.site("mempool_free(" + name + ")");
        t.point(key, s.operation(), s.source());
        if (currNr < minNr) {
            currNr++;
            return;
        }
        memory.free(1);
    }

    @Override
    public int reserve() {
        return currNr;
    }

    @Override
    public String toString() {
        return "mempool " + name;
    }
}
