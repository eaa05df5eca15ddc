package dev.fencecheck.drivers.armsoc.panfrost;

import dev.fencecheck.api.driver.Driver;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.GpuFaultHandler;
import dev.fencecheck.api.kernel.GpuScheduler;
import dev.fencecheck.api.kernel.GpuStep;
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
 * {@code panfrost_drv.c}: the file's scheduler entities ({@code panfrost_job_open()}) and the
 * SUBMIT ioctl ({@code panfrost_ioctl_submit()} -> {@code panfrost_job_push()}).
 */
@SuppressWarnings("try") // lock holds are try-with-resources whose body does not name them
@Singleton
final class PanfrostDriver implements Driver {
    private final PanfrostDevice pfdev;
    private final PanfrostJobSlots slots;
    private final PanfrostMmu mmu;
    private final Reservations reservations;
    private final Map<String, GpuScheduler.Entity> entities = new HashMap<>();
    private int jobs;

    @Inject
    PanfrostDriver(PanfrostDevice pfdev, PanfrostJobSlots slots, PanfrostMmu mmu, PanfrostGemShrinker shrinker,
                   Reservations reservations) {
        this.pfdev = pfdev;
        this.slots = slots;
        this.mmu = mmu;
        this.reservations = reservations;
    }

    // panfrost_job_open(): drm_sched_entity_init() on the slot's scheduler
    @Override
    public GpuContext openContext(String name, String engine, GpuContext.Kind kind) {
        if (kind != GpuContext.Kind.FENCED) {
            throw new UnsupportedOperationException("panfrost has no " + kind + " contexts: every job"
                    + " completes with a dma_fence (no user queues, no SVM)");
        }
        int slot = PanfrostDevice.slot(engine);
        entities.put(name, slots.sched(slot).createEntity(name + "." + engine));
        return new GpuContext(name, engine, kind);
    }

    /**
     * panfrost_ioctl_submit(). Every job chain on JS1 is a vertex/tiler chain (Mesa's draws) whose
     * tiler writes its polygon lists into the tiler heap, which userspace lists among the job's
     * buffers; the first write into a 2 MiB chunk of the heap not backed yet faults.
     *
     * @return the job's finished fence, or null if the ioctl failed
     */
    @Override
    public DmaFence submit(Submission s) {
        if (!s.userptr().isEmpty()) {
            throw new UnsupportedOperationException("panfrost has no userptr");
        }
        GpuContext ctx = s.context();
        GpuScheduler.Entity entity = entities.get(ctx.name());
        if (entity == null) {
            throw new IllegalArgumentException("no context " + ctx.name());
        }
        int slot = PanfrostDevice.slot(ctx.engine());
        List<GpuStep> steps = new ArrayList<>();
        List<String> buffers = new ArrayList<>(s.buffers());
        if (slot == 1) {
            pfdev.heapVa.prepare();
            steps.add(GpuStep.userptr(pfdev.heapVa.address()));
            buffers.add(pfdev.heap.name());
        }
        steps.addAll(s.steps());
        // drm_sched_job_init() happens here in the kernel; the model's entity does it at push
        // panfrost_lookup_bos(): drm_gem_objects_lookup() and the mappings, gpu_usecount++
        List<PanfrostGemObject> bos = pfdev.handles.lookupAll(buffers);
        PanfrostJob job = new PanfrostJob("panfrost." + ctx.name() + "." + (++jobs), ctx, slot, steps, bos);
        for (PanfrostGemObject bo : bos) {
            bo.gpuUseCount++;
        }
        // panfrost_copy_in_sync(): the in-syncobjs' fences
        for (DmaFence f : s.dependencies()) {
            job.addDependency(f);
        }
        return push(entity, job);
    }

    // panfrost_job.c: panfrost_job_push()
    private DmaFence push(GpuScheduler.Entity entity, PanfrostJob job) {
        DmaResv.WwAcquireContext acquire = DrmGemReservations.lock(reservations, job.bos);
        DmaFence renderDone;
        try (Held l = pfdev.schedLock.lock()) {
            // drm_sched_job_arm(); panfrost_acquire_object_fences(): "panfrost always uses write
            // mode in its current uapi" (dma_resv_reserve_fences() is not modelled: slots are unbounded)
            for (PanfrostGemObject bo : job.bos) {
                job.addImplicitDependencies(bo, true);
            }
            renderDone = entity.submit(job); // drm_sched_entity_push_job()
            job.pushed(renderDone);
        }
        // panfrost_attach_object_fences()
        for (PanfrostGemObject bo : job.bos) {
            bo.resv().addFence(renderDone, DmaResv.Usage.WRITE);
        }
        DrmGemReservations.unlock(job.bos, acquire);
        return renderDone;
    }

    @Override
    public GpuFaultHandler faultHandler() {
        return mmu;
    }
}
