package dev.fencecheck.drivers.armsoc.msm;

import dev.fencecheck.api.driver.Driver;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Preemption;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.GpuScheduler;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Memory;
import dev.fencecheck.api.kernel.Reservations;
import dev.fencecheck.drivers.armsoc.drm.DrmGemReservations;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code msm_drv.c}, {@code msm_submitqueue.c} and {@code msm_gem_submit.c}: submit queues (one
 * scheduler entity on the ring of the queue's priority) and the GEM_SUBMIT ioctl
 * ({@code msm_ioctl_gem_submit()}).
 */
@SuppressWarnings("try") // lock holds are try-with-resources whose body does not name them
@Singleton
final class MsmDriver implements Driver {
    private final MsmDevice dev;
    private final MsmRingbuffer rings;
    private final MsmHwFence hwFence;
    private final MsmFenceContext fctx;
    private final MsmPm pm;
    private final A5xxPreempt preempt;
    private final Reservations reservations;
    private final Memory memory;
    private final Map<String, GpuScheduler.Entity> queues = new HashMap<>();
    private int submits;

    @Inject
    MsmDriver(MsmDevice dev, MsmRingbuffer rings, MsmHwFence hwFence, MsmFenceContext fctx, MsmPm pm,
              A5xxPreempt preempt, MsmGemShrinker shrinker, Reservations reservations, Memory memory) {
        this.dev = dev;
        this.rings = rings;
        this.hwFence = hwFence;
        this.fctx = fctx;
        this.pm = pm;
        this.preempt = preempt;
        this.reservations = reservations;
        this.memory = memory;
    }

    // msm_submitqueue_create(): the queue's priority picks the ring; drm_sched_entity_init() on it
    @Override
    public GpuContext openContext(String name, String engine, GpuContext.Kind kind) {
        if (kind != GpuContext.Kind.FENCED) {
            throw new UnsupportedOperationException("msm has no " + kind + " contexts: every submit"
                    + " completes with a dma_fence, and there are no preempt fences");
        }
        queues.put(name, rings.sched(MsmDevice.ring(engine)).createEntity(name + "." + engine));
        return new GpuContext(name, engine, kind);
    }

    /**
     * msm_ioctl_gem_submit().
     *
     * @return the submit's fence (submit->user_fence), or null if the ioctl failed
     */
    @Override
    public DmaFence submit(Submission s) {
        if (!s.userptr().isEmpty()) {
            throw new UnsupportedOperationException("msm has no userptr");
        }
        GpuContext ctx = s.context();
        GpuScheduler.Entity entity = queues.get(ctx.name());
        if (entity == null) {
            throw new IllegalArgumentException("no submit queue " + ctx.name());
        }
        if (!dev.probed) {
            dev.probed = true;
            pm.probe();
        }
        int ring = MsmDevice.ring(ctx.engine());
        List<MsmGemObject> bos = dev.handles.lookupAll(s.buffers());
        MsmSubmit submit = new MsmSubmit("msm." + ctx.name() + "." + (++submits), ctx, ring, s.steps(), bos);
        // submit_create(): kzalloc(submit) (no lock held, not modelled), the hw fence, drm_sched_job_init()
        if (!hwFence.submitCreate(submit)) {
            return null;
        }
        // MSM_SUBMIT_FENCE_FD_IN / in-syncobjs: drm_sched_job_add_dependency()
        for (DmaFence f : s.dependencies()) {
            submit.addDependency(f);
        }
        // submit_lock_objects(): drm_exec over the objects' reservations
        DmaResv.WwAcquireContext acquire = DrmGemReservations.lock(reservations, bos);
        // submit_fence_sync(): implicit sync, every object taken as written (MSM_SUBMIT_BO_WRITE)
        for (MsmGemObject obj : bos) {
            submit.addImplicitDependencies(obj, true);
        }
        // submit_pin_objects(): first the vmas (get_pages() may reclaim, so not under the LRU lock)...
        for (MsmGemObject obj : bos) {
            if (!MsmGem.getPagesLocked(obj, memory)) {
                DrmGemReservations.unlock(bos, acquire);
                if (submit.hwFenceAllocated) {
                    fctx.free();
                }
                return null;
            }
        }
        // ...then "a second loop while holding the LRU lock"
        try (Held lru = dev.lruLock.lock()) {
            for (MsmGemObject obj : bos) {
                MsmGem.pinObjLocked(obj);
            }
        }
        submit.pinned = true;
        // drm_sched_job_arm(); idr_alloc_u32(&queue->fence_idr, ..., GFP_NOWAIT) under
        // queue->idr_lock after idr_preload(GFP_KERNEL) (not modelled); drm_sched_entity_push_job()
        DmaFence userFence = entity.submit(submit);
        submit.pushed(userFence);
        // submit_attach_object_fences()
        for (MsmGemObject obj : bos) {
            obj.resv().addFence(userFence, DmaResv.Usage.WRITE);
        }
        // submit_cleanup(): drm_exec_fini()
        DrmGemReservations.unlock(bos, acquire);
        return userFence;
    }

    @Override
    public Preemption preemption() {
        return preempt;
    }
}
