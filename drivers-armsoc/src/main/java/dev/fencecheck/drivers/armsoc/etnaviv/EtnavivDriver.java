package dev.fencecheck.drivers.armsoc.etnaviv;

import dev.fencecheck.api.driver.Driver;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.GpuScheduler;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.Memory;
import dev.fencecheck.api.kernel.Reservations;
import dev.fencecheck.drivers.armsoc.drm.DrmGemReservations;
import dev.fencecheck.drivers.armsoc.drm.GemHandles;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code etnaviv_drv.c} and {@code etnaviv_gem_submit.c}: the file's scheduler entity, the USERPTR
 * ioctl and the GEM_SUBMIT ioctl ({@code etnaviv_ioctl_gem_submit()}).
 */
@SuppressWarnings("try") // lock holds are try-with-resources whose body does not name them
@Singleton
final class EtnavivDriver implements Driver {
    /** Pages of an ordinary buffer object (64 KiB). */
    static final long BO_PAGES = 16;

    private final EtnavivGpu gpu;
    private final EtnavivSched sched;
    private final EtnavivGemUserptr userptr;
    private final Reservations reservations;
    private final Memory memory;
    private final GemHandles<EtnavivGemObject> handles;
    private final Map<String, GpuScheduler.Entity> entities = new HashMap<>();
    private int submits;

    @Inject
    EtnavivDriver(EtnavivGpu gpu, EtnavivSched sched, EtnavivGemUserptr userptr, Reservations reservations,
                  Memory memory, Locks locks) {
        this.gpu = gpu;
        this.sched = sched;
        this.userptr = userptr;
        this.reservations = reservations;
        this.memory = memory;
        // etnaviv_gem_new_handle(): shmem objects, lockdep class etnaviv_shm_lock_class
        this.handles = new GemHandles<>(reservations,
                (n, r) -> new EtnavivGemObject(n, r, BO_PAGES, locks.mutex("etnaviv_shm_lock_class"), null));
    }

    // etnaviv_open(): drm_sched_entity_init() for each pipe
    @Override
    public GpuContext openContext(String name, String engine, GpuContext.Kind kind) {
        if (kind != GpuContext.Kind.FENCED) {
            throw new UnsupportedOperationException("etnaviv has no " + kind + " contexts: every submit"
                    + " completes with a dma_fence");
        }
        if (!engine.equals(EtnavivGpu.CORE)) {
            throw new IllegalArgumentException("etnaviv has no pipe " + engine);
        }
        entities.put(name, sched.sched.createEntity(name + "." + engine));
        return new GpuContext(name, engine, kind);
    }

    // etnaviv_ioctl_gem_userptr() -> etnaviv_gem_new_userptr()
    @Override
    public void createUserptr(String buffer, Submission.UserptrRange range) {
        handles.add(userptr.create(buffer, range));
    }

    /**
     * etnaviv_ioctl_gem_submit(). The GPU reaches a userptr object's pages through the GPU MMU
     * mapping of the object (its pinned pages), not through the process page tables, so the
     * job's accesses to a userptr range of one of its objects are accesses to that object. A
     * userptr range of the submission no object covers gets an object of its own, as userspace
     * would have created with ETNAVIV_GEM_USERPTR.
     *
     * @return the job's finished fence, or null if the ioctl failed
     */
    @Override
    public DmaFence submit(Submission s) {
        GpuContext ctx = s.context();
        GpuScheduler.Entity entity = entities.get(ctx.name());
        if (entity == null) {
            throw new IllegalArgumentException("no context " + ctx.name());
        }
        // "Copy the command submission and bo array to kernel space in one go, and do this outside
        // of any locks": the kvmalloc_array(GFP_KERNEL)s of bos, relocs, pmrs and the stream, and
        // submit_create()'s kzalloc, hold no lock and are not modelled.
        // submit_lookup_objects()
        List<EtnavivGemObject> bos = handles.lookupAll(s.buffers());
        for (Submission.UserptrRange range : s.userptr()) {
            if (bos.stream().noneMatch(o -> o.covers(range.start()))) {
                EtnavivGemObject obj = handles.add(userptr.create("userptr@0x" + Long.toHexString(range.start()), range));
                if (!bos.contains(obj)) {
                    bos.add(obj);
                }
            }
        }
        List<GpuStep> steps = new ArrayList<>();
        for (GpuStep step : s.steps()) {
            EtnavivGemObject through = null;
            if (step.kind() == GpuStep.Kind.USERPTR) {
                through = bos.stream().filter(o -> o.covers(step.address())).findFirst().orElse(null);
            }
            // an address no object of the submission maps stays a userptr access: a GPU MMU
            // exception, which is fatal (irq_handler(): ETNA_GPU_STATE_FAULT, drm_sched_fault())
            steps.add(through != null ? GpuStep.bo(through.name()) : step);
        }
        // ww_acquire_init(&ticket, &reservation_ww_class) comes before the objects are pinned
        DmaResv.WwAcquireContext ticket = reservations.acquireContext();
        EtnavivSubmit submit = new EtnavivSubmit("etnaviv." + ctx.name() + "." + (++submits), ctx, steps, bos);
        // ETNA_SUBMIT_FENCE_FD_IN: drm_sched_job_add_dependency(&submit->sched_job, in_fence)
        for (DmaFence f : s.dependencies()) {
            submit.addDependency(f);
        }
        // submit_pin_objects()
        for (EtnavivGemObject obj : bos) {
            if (!mappingGet(obj)) {
                ticket.close();
                return null;
            }
        }
        // submit_lock_objects(): under the ticket, with -EDEADLK back-off
        DmaResv.WwAcquireContext acquire = DrmGemReservations.lock(ticket, bos);
        // submit_fence_sync(): implicit fences, each object taken as written (ETNA_SUBMIT_BO_WRITE)
        for (EtnavivGemObject obj : bos) {
            submit.addImplicitDependencies(obj, true);
        }
        DmaFence outFence;
        // etnaviv_sched_push_job(): "Hold the sched lock across the whole operation"
        try (Held l = gpu.schedLock.lock()) {
            // xa_alloc_cyclic(&gpu->user_fences, ..., GFP_KERNEL) for the out fence id: a slab
            // allocation under gpu->sched_lock, which no signalling path takes; not modelled
            outFence = entity.submit(submit); // drm_sched_job_arm() + drm_sched_entity_push_job()
            submit.pushed(outFence);
        }
        // submit_attach_object_fences()
        for (EtnavivGemObject obj : bos) {
            obj.resv().addFence(outFence, DmaResv.Usage.WRITE);
        }
        DrmGemReservations.unlock(bos, acquire);
        return outFence;
    }

    // etnaviv_gem.c: etnaviv_gem_mapping_get(): the pages under etnaviv_obj->lock, then the GPU
    // mapping in the file's MMU context (etnaviv_iommu_map_gem() under context->lock, whose page
    // tables are allocated with GFP_KERNEL)
    private boolean mappingGet(EtnavivGemObject obj) {
        try (Held l = obj.lock.lock()) {
            if (obj.userptr != null && !userptr.getPages(obj)) {
                return false;
            }
        }
        if (!obj.mapped) {
            try (Held l = gpu.mmuContextLock.lock()) {
                if (!memory.alloc(Gfp.GFP_KERNEL, 1)) {
                    return false;
                }
                obj.mapped = true;
            }
        }
        return true;
    }
}
