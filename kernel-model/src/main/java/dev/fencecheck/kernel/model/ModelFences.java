package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.exec.ModelThread;
import dev.fencecheck.kernel.KernelThread;
import dev.fencecheck.lockdep.ExecContext;
import dev.fencecheck.lockdep.LockClass;
import dev.fencecheck.lockdep.LockValidator;
import dev.fencecheck.lockdep.Site;
import java.util.HashMap;
import java.util.Map;

/**
 * The fence service of a model ({@code drivers/dma-buf/dma-fence.c}): fence contexts, the stub
 * fence signalled at boot, and the signalling-section annotations.
 *
 * <p>Each fence has a spinlock of its own (as with the inline lock, or a driver lock per
 * fence); its lockdep class is shared by every timeline of one name, as a driver's
 * {@code spin_lock_init()} site would be.
 */
public final class ModelFences implements Fences {
    private static final ModelObjectKey CONTEXT_COUNTER = new ModelObjectKey("dma_fence_context_counter", 0, -1);
    private final ModelKernel kernel;
    private final Map<String, LockClass> lockClasses = new HashMap<>();
    private final ModelDmaFence stub;
    // dma-fence.c: dma_fence_context_counter starts at 1; context 0 is the stub's.
    private long nextContext = 1;

    public ModelFences(ModelKernel kernel) {
        this.kernel = kernel;
        LockValidator v = kernel.lockdep().validator();
        this.stub = new ModelDmaFence(kernel, "stub", "stub", 0, 0,
                v.newLock("dma_fence_stub_lock", v.newClass("dma_fence_stub_lock"), true, false));
        // dma-fence.c: dma_fence_init_stub(), a subsys_initcall: the stub is signalled at boot.
        KernelThread boot = kernel.lockdep().newThread("swapper (dma_fence_init_stub)", ExecContext.TASK);
        stub.signalAs(boot, Site.of("dma-fence.c: dma_fence_init_stub", "dma_fence_signal(&dma_fence_stub)"));
    }

    /** dma-fence.c: dma_fence_context_alloc(1). */
    @Override
    public FenceTimeline timeline(String name) {
        setupPoint(kernel, CONTEXT_COUNTER, "dma_fence_context_alloc(1) for " + name);
        return new ModelFenceTimeline(kernel, name, nextContext++,
                lockClasses.computeIfAbsent(name, n -> kernel.lockdep().validator().newClass(n + ".fence_lock")));
    }

    /** dma-fence.c: dma_fence_get_stub(): a reference to the one stub fence. */
    @Override
    public DmaFence stub() {
        setupPoint(kernel, null, "dma_fence_get_stub()");
        return stub;
    }

    /** dma-fence.c: dma_fence_begin_signalling() .. dma_fence_end_signalling(cookie). */
    @Override
    public Held beginSignalling() {
        ModelThread t = ModelThread.current();
        KernelThread kt = kernel.kernelThread(t);
        Site s = kernel.site("dma_fence_begin_signalling()");
        t.point(null, s.operation(), s.source());
        kernel.lockdep().beginSignalling(kt, s);
        return () -> {
            Site e = kernel.site("dma_fence_end_signalling()");
            t.point(null, e.operation(), e.source());
            kernel.lockdep().endSignalling(kt, e);
        };
    }

    /**
     * A scheduling point on a modelled thread, on {@code object} (a {@link ModelObjectKey} or
     * null); none while a model is being set up, before its
     * threads run (creating timelines and fences there is allowed).
     */
    static void setupPoint(ModelKernel kernel, Object object, String operation) {
        if (ModelThread.inModel()) {
            Site s = kernel.site(operation);
            ModelThread.current().point(object, s.operation(), s.source());
        }
    }
}
