package dev.fencecheck.drivers.armsoc.lima;

import dev.fencecheck.api.driver.Driver;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.GpuFaultHandler;
import dev.fencecheck.api.kernel.GpuScheduler;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Reservations;
import dev.fencecheck.drivers.armsoc.drm.DrmGemReservations;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code lima_drv.c} and {@code lima_gem.c}: contexts ({@code lima_ctx_create()}: an entity on the
 * pipe's scheduler) and the GEM_SUBMIT ioctl ({@code lima_gem_submit()}). A GP submission lists the
 * tiler heap, which its PLBU allocates from.
 */
@SuppressWarnings("try") // lock holds are try-with-resources whose body does not name them
@Singleton
final class LimaDriver implements Driver {
    private final LimaDevice ldev;
    private final LimaSched sched;
    private final LimaGp gp;
    private final Reservations reservations;
    private final Map<String, GpuScheduler.Entity> contexts = new HashMap<>();
    private int tasks;

    @Inject
    LimaDriver(LimaDevice ldev, LimaSched sched, LimaGp gp, Reservations reservations) {
        this.ldev = ldev;
        this.sched = sched;
        this.gp = gp;
        this.reservations = reservations;
    }

    @Override
    public GpuContext openContext(String name, String engine, GpuContext.Kind kind) {
        if (kind != GpuContext.Kind.FENCED) {
            throw new UnsupportedOperationException("lima has no " + kind + " contexts: every task completes"
                    + " with a dma_fence");
        }
        // lima_sched_context_init(): drm_sched_entity_init() on the pipe's scheduler
        contexts.put(name, sched.sched(LimaPipe.of(engine)).createEntity(name + "." + engine));
        return new GpuContext(name, engine, kind);
    }

    /** @return the task's finished fence, or null if the ioctl failed */
    @Override
    public DmaFence submit(Submission s) {
        if (!s.userptr().isEmpty()) {
            throw new UnsupportedOperationException("lima has no userptr");
        }
        GpuContext ctx = s.context();
        GpuScheduler.Entity entity = contexts.get(ctx.name());
        if (entity == null) {
            throw new IllegalArgumentException("no context " + ctx.name());
        }
        LimaPipe pipe = LimaPipe.of(ctx.engine());
        List<String> buffers = new ArrayList<>(s.buffers());
        if (pipe == LimaPipe.GP) {
            ldev.heapGrowth.prepare();
            buffers.add(ldev.heap.name());
        }
        // lima_gem_submit(): drm_gem_object_lookup() and lima_vm_bo_add(vm, bo, false) (a reference
        // on the mapping made when the handle was opened) under vm->lock
        List<LimaBo> bos = ldev.handles.lookupAll(buffers);
        try (Held l = ldev.vmLock.lock()) {
            // bo_va->ref_count++
        }
        // lima_sched_task_init(): kmemdup(GFP_KERNEL), drm_sched_job_init(), drm_sched_job_arm()
        // (no lock held: the allocation is not modelled)
        LimaTask task = new LimaTask("lima." + ctx.name() + "." + (++tasks), ctx, pipe, s.steps(), bos);
        // the in-syncobjs: drm_sched_job_add_syncobj_dependency()
        for (DmaFence f : s.dependencies()) {
            task.addDependency(f);
        }
        DmaResv.WwAcquireContext acquire = DrmGemReservations.lock(reservations, bos);
        // lima_gem_sync_bo(): implicit fences, each object taken as written (LIMA_SUBMIT_BO_WRITE)
        for (LimaBo bo : bos) {
            task.addImplicitDependencies(bo, true);
        }
        DmaFence fence = entity.submit(task); // lima_sched_context_queue_task(): drm_sched_entity_push_job()
        task.pushed(fence);
        for (LimaBo bo : bos) {
            bo.resv().addFence(fence, DmaResv.Usage.WRITE);
        }
        DrmGemReservations.unlock(bos, acquire);
        return fence;
    }

    @Override
    public GpuFaultHandler faultHandler() {
        return gp;
    }
}
