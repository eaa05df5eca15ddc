package dev.fencecheck.drivers.amd.amdgpu;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Gpu;
import dev.fencecheck.api.kernel.GpuScheduler;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Memory;
import dev.fencecheck.api.kernel.Reservations;
import dev.fencecheck.drivers.amd.Errno;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * amdgpu_cs.c: the command submission ioctl, amdgpu_cs_ioctl(): parse and allocate
 * (amdgpu_cs_pass1/2), get the userptr pages and lock and validate every BO
 * (amdgpu_cs_parser_bos()), update the page tables (amdgpu_cs_vm_handling()), collect the
 * dependencies (amdgpu_cs_sync_rings()), then amdgpu_cs_submit(): under
 * {@code adev->notifier_lock} revalidate every userptr range with its notifier sequence and,
 * only if none was invalidated, add the job's finished fence to every BO and push the job.
 */
@SuppressWarnings("try") // lock holds and sections are try-with-resources, as the kernel holds them
@Singleton
final class AmdgpuCs {
    /** The outcome of one ioctl: 0 with the fence, or a negative errno. */
    record Result(int error, DmaFence fence) {
    }

    private final Memory memory;
    private final Reservations reservations;
    private final Fences fences;
    private final Gpu gpu;
    private final AmdgpuGem gem;
    private final AmdgpuHmm hmm;
    private final AmdgpuVm vm;

    @Inject
    AmdgpuCs(Memory memory, Reservations reservations, Fences fences, Gpu gpu, AmdgpuGem gem, AmdgpuHmm hmm,
             AmdgpuVm vm) {
        this.memory = memory;
        this.reservations = reservations;
        this.fences = fences;
        this.gpu = gpu;
        this.gem = gem;
        this.hmm = hmm;
        this.vm = vm;
    }

    Result ioctl(AmdgpuCtx ctx, Submission s) {
        // amdgpu_cs_pass1(): chunk arrays and amdgpu_job_alloc() (kzalloc, GFP_KERNEL), whose
        // drm_sched_job_init() allocates the scheduler fences (GFP_KERNEL); no lock is held yet
        if (!memory.alloc(Gfp.GFP_KERNEL, 1)) {
            return new Result(Errno.ENOMEM, null);
        }
        AmdgpuJob job = new AmdgpuJob(ctx.context.name() + "#" + ctx.nextSeq(), ctx.ring, vm, s.steps(),
                s.dependencies());
        GpuScheduler.InitializedJob initialized = ctx.entity.init(job);

        // amdgpu_cs_parser_bos(): the userptr pages first, before any reservation is taken
        Map<AmdgpuBo, Long> userptrs = new LinkedHashMap<>();
        for (Submission.UserptrRange range : s.userptr()) {
            AmdgpuBo bo = gem.userptrFor(range);
            if (userptrs.containsKey(bo)) {
                continue;
            }
            long seq = hmm.rangeGetPages(bo);
            if (seq < 0) {
                return new Result(Errno.EFAULT, null);
            }
            userptrs.put(bo, seq);
        }
        List<DmaResv> objects = new ArrayList<>();
        objects.add(vm.rootPd);
        for (String name : s.buffers()) {
            objects.add(gem.lookup(name).resv);
        }
        for (AmdgpuBo bo : userptrs.keySet()) {
            objects.add(bo.resv);
        }
        try (DrmExec exec = DrmExec.lockAll(reservations, objects)) {
            // ttm_bo_validate() of the userptr BOs: amdgpu_ttm_backend_bind() maps the pages
            // into the GPU page tables
            for (Map.Entry<AmdgpuBo, Long> e : userptrs.entrySet()) {
                gpu.mapUserptr(e.getKey().notifier, e.getValue());
            }
            // amdgpu_cs_vm_handling()
            if (!vm.updateForCs()) {
                return new Result(Errno.ENOMEM, null);
            }
            // amdgpu_cs_sync_rings(): amdgpu_sync_resv() with AMDGPU_SYNC_NE_OWNER skips this
            // VM's own fences and KFD eviction fences (amdgpu_sync_test_fence()); the explicit
            // dependencies are amdgpu_sync_fence() entries (GFP_KERNEL, reservations held)
            if (!s.dependencies().isEmpty() && !memory.alloc(Gfp.GFP_KERNEL, 1)) {
                return new Result(Errno.ENOMEM, null);
            }
            return submit(initialized, userptrs, objects);
        }
    }

    /**
     * amdgpu_cs_submit(): "No memory allocation is allowed while holding the notifier lock."
     * The fence signalling section starts inside notifier_lock (Daniel Vetter's patch 10/18,
     * "drm/amdgpu: use dma-fence annotations in cs_submit()", V4): the notifier waits for fences
     * with that lock held, so the section must nest inside it.
     */
    private Result submit(GpuScheduler.InitializedJob job, Map<AmdgpuBo, Long> userptrs, List<DmaResv> objects) {
        try (Held notifierLock = hmm.notifierLock().lock()) {
            // If userptr are invalidated after amdgpu_cs_parser_bos(), return -EAGAIN
            boolean stale = false;
            for (Map.Entry<AmdgpuBo, Long> e : userptrs.entrySet()) {
                stale |= !hmm.rangeValid(e.getKey(), e.getValue());
            }
            if (stale || !vm.noneInvalidated()) {
                return new Result(Errno.EAGAIN, null);
            }
            try (Held section = fences.beginSignalling()) {
                // drm_sched_job_arm() and drm_sched_entity_push_job(): no allocation
                DmaFence finished = job.push();
                // drm_exec_for_each_locked_object(): the gang leader is remembered as writer
                for (DmaResv resv : objects) {
                    resv.addFence(finished, DmaResv.Usage.WRITE);
                }
                return new Result(0, finished);
            }
        }
    }
}
