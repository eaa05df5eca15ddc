package dev.fencecheck.drivers.amd.amdgpu;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.driver.Driver;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.drivers.amd.Errno;

/**
 * The amdgpu driver instance of one model run: one drm file (one VM) on one device. Contexts
 * are graphics contexts completing with dma_fences; amdgpu without KFD has no long-running or
 * page-faulting queues, mid-command-buffer preemption is off by default ({@code amdgpu_mcbp=0},
 * amdgpu_drv.c), and graphics page faults are never resolved, so it has neither a preemption
 * nor a fault handler.
 */
@Singleton
public final class AmdgpuDriver implements Driver {
    /** drmIoctl() restarts an ioctl on -EAGAIN; a model run gives up after this many tries. */
    static final int MAX_RESTARTS = 4;

    private final AmdgpuCtxMgr contexts;
    private final AmdgpuCs cs;
    private final AmdgpuGem gem;
    private final AmdgpuDm dm;
    private final AmdgpuVm vm;

    /** GPU recovery is injected so that it, and its locks, exist from probe on. */
    @Inject
    AmdgpuDriver(AmdgpuCtxMgr contexts, AmdgpuCs cs, AmdgpuGem gem, AmdgpuDm dm, AmdgpuVm vm,
                 AmdgpuGpuRecover recover) {
        this.contexts = contexts;
        this.cs = cs;
        this.gem = gem;
        this.dm = dm;
        this.vm = vm;
    }

    /** amdgpu_ctx_ioctl(AMDGPU_CTX_OP_ALLOC_CTX); only contexts that complete with dma_fences. */
    @Override
    public GpuContext openContext(String name, String engine, GpuContext.Kind kind) {
        if (kind != GpuContext.Kind.FENCED) {
            throw new UnsupportedOperationException("amdgpu has no " + kind + " contexts: long-running and "
                    + "page-faulting queues are amdkfd's");
        }
        GpuContext context = new GpuContext(name, engine, kind);
        contexts.open(context);
        return context;
    }

    /**
     * amdgpu_cs_ioctl(), restarted by libdrm's drmIoctl() while it returns -EAGAIN (a userptr
     * range was invalidated meanwhile). Null when the ioctl failed: -EFAULT (the userptr range
     * is no longer mapped) or -ENOMEM; no fence was published then.
     */
    @Override
    public DmaFence submit(Submission submission) {
        if (submission.context().kind() != GpuContext.Kind.FENCED) {
            throw new UnsupportedOperationException("amdgpu has no " + submission.context().kind() + " contexts");
        }
        AmdgpuCtx ctx = contexts.open(submission.context());
        AmdgpuCs.Result r = null;
        for (int attempt = 0; attempt < MAX_RESTARTS; attempt++) {
            r = cs.ioctl(ctx, submission);
            if (r.error() != Errno.EAGAIN) {
                break;
            }
        }
        return r.error() == 0 ? r.fence() : null;
    }

    /** amdgpu_gem_userptr_ioctl(). */
    @Override
    public void createUserptr(String buffer, Submission.UserptrRange range) {
        gem.createUserptr(buffer, range);
    }

    /** A blocking atomic commit on the one CRTC; see {@link AmdgpuDm}. */
    @Override
    public DmaFence commit(String framebuffer, DmaFence inFence) {
        return dm.commit(framebuffer, inFence);
    }

    /**
     * amdgpu_vm_handle_fault() for this graphics VM: never resolved (see AmdgpuVm). For drivers
     * that run amdgpu with retry faults enabled (amdkfd with XNACK).
     */
    public boolean handleGraphicsFault() {
        return vm.handleGfxFault();
    }
}
