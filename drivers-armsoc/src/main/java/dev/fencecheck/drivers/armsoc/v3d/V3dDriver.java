package dev.fencecheck.drivers.armsoc.v3d;

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
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code v3d_drv.c} and {@code v3d_submit.c}: the file's scheduler entities ({@code v3d_open()})
 * and the SUBMIT_CL, SUBMIT_TFU and SUBMIT_CSD ioctls. A context on the render or bin queue submits
 * control lists: a bin job and a render job that depends on it.
 */
@SuppressWarnings("try") // lock holds are try-with-resources whose body does not name them
@Singleton
final class V3dDriver implements Driver {
    private final V3dDevice v3d;
    private final V3dSched sched;
    private final V3dIrq irq;
    private final Reservations reservations;
    private final Map<String, Map<V3dQueue, GpuScheduler.Entity>> files = new HashMap<>();
    private int jobs;

    @Inject
    V3dDriver(V3dDevice v3d, V3dSched sched, V3dIrq irq, Reservations reservations) {
        this.v3d = v3d;
        this.sched = sched;
        this.irq = irq;
        this.reservations = reservations;
    }

    // v3d_open(): drm_sched_entity_init() on every queue's scheduler
    @Override
    public GpuContext openContext(String name, String engine, GpuContext.Kind kind) {
        if (kind != GpuContext.Kind.FENCED) {
            throw new UnsupportedOperationException("v3d has no " + kind + " contexts: every job completes"
                    + " with a dma_fence");
        }
        V3dQueue.of(engine);
        Map<V3dQueue, GpuScheduler.Entity> entities = new EnumMap<>(V3dQueue.class);
        for (V3dQueue q : V3dQueue.values()) {
            entities.put(q, sched.sched(q).createEntity(name + "." + q.engine));
        }
        files.put(name, entities);
        return new GpuContext(name, engine, kind);
    }

    /** @return the last job's done fence, or null if the ioctl failed */
    @Override
    public DmaFence submit(Submission s) {
        if (!s.userptr().isEmpty()) {
            throw new UnsupportedOperationException("v3d has no userptr");
        }
        GpuContext ctx = s.context();
        Map<V3dQueue, GpuScheduler.Entity> entities = files.get(ctx.name());
        if (entities == null) {
            throw new IllegalArgumentException("no context " + ctx.name());
        }
        V3dQueue q = V3dQueue.of(ctx.engine());
        // v3d_lookup_bos()
        List<V3dBo> bos = v3d.handles.lookupAll(s.buffers());
        // v3d_job_allocate() + v3d_job_init() (kzalloc, drm_sched_job_init()) hold no lock: not modelled
        V3dJob first;
        V3dJob last;
        if (q == V3dQueue.RENDER || q == V3dQueue.BIN) {
            // v3d_submit_cl_ioctl(): bin job (the BCL) and render job (the RCL)
            v3d.overflowVa.prepare();
            first = new V3dJob(name(ctx, "bin"), ctx, V3dQueue.BIN, List.of(), bos);
            last = new V3dJob(name(ctx, "render"), ctx, V3dQueue.RENDER, s.steps(), bos);
        } else {
            // v3d_submit_tfu_ioctl() / v3d_submit_csd_ioctl() (its cache-clean job is not modelled)
            first = new V3dJob(name(ctx, q.engine), ctx, q, s.steps(), bos);
            last = first;
        }
        // v3d_job_add_deps(): the in-syncobjs
        for (DmaFence f : s.dependencies()) {
            first.addDependency(f);
        }
        // v3d_lock_bo_reservations(): drm_gem_lock_reservations() and the implicit fences, on the first job
        DmaResv.WwAcquireContext acquire = DrmGemReservations.lock(reservations, bos);
        for (V3dBo bo : bos) {
            first.addImplicitDependencies(bo, true);
        }
        DmaFence done;
        try (Held l = v3d.schedLock.lock()) {
            // v3d_push_job(): drm_sched_job_arm() + drm_sched_entity_push_job()
            done = entities.get(first.queue).submit(first);
            first.pushed(done);
            if (last != first) {
                // drm_sched_job_add_dependency(&render->base.base, dma_fence_get(bin->base.done_fence))
                last.addDependency(done);
                done = entities.get(last.queue).submit(last);
                last.pushed(done);
            }
        }
        // v3d_attach_fences_and_unlock_reservation(): the last job's done fence in every object
        for (V3dBo bo : bos) {
            bo.resv().addFence(done, DmaResv.Usage.WRITE);
        }
        DrmGemReservations.unlock(bos, acquire);
        return done;
    }

    private String name(GpuContext ctx, String what) {
        return "v3d." + ctx.name() + "." + what + "." + (++jobs);
    }

    @Override
    public GpuFaultHandler faultHandler() {
        return irq;
    }
}
