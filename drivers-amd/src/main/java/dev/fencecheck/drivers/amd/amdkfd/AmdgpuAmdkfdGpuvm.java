package dev.fencecheck.drivers.amd.amdkfd;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Gpu;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.Memory;
import dev.fencecheck.api.kernel.Mm;
import dev.fencecheck.api.kernel.MmuIntervalNotifier;
import dev.fencecheck.api.kernel.Mutex;
import dev.fencecheck.api.kernel.Reservations;
import dev.fencecheck.drivers.amd.amdgpu.DrmExec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * amdgpu_amdkfd_gpuvm.c: the KFD process's GPU memory ({@code struct amdkfd_process_info}): its
 * compute VM, its BOs fenced with the eviction fence, and its userptr BOs, whose notifier
 * (amdgpu_hmm_invalidate_hsa() -> amdgpu_amdkfd_evict_userptr()) evicts the process's queues
 * instead of waiting for any fence; amdgpu_amdkfd_restore_userptr_worker() gets the pages again
 * and restores the queues.
 *
 * <p>Userptr BOs are registered when userspace creates them (which may be while a model is set
 * up); the model runs init_user_pages() and the mapping at their first use.
 */
@SuppressWarnings("try") // lock holds and sections are try-with-resources, as the kernel holds them
@Singleton
final class AmdgpuAmdkfdGpuvm {
    private final Memory memory;
    private final Mm mm;
    private final Gpu gpu;
    private final Reservations reservations;
    private final KfdProcess process;
    /** process_info->lock. */
    private final Mutex infoLock;
    /** process_info->notifier_lock. */
    private final Mutex notifierLock;
    /** The compute VM's root page directory. */
    private final DmaResv pd;
    /** process_info->kfd_bo_list and the userptr lists. */
    private final Map<String, KgdMem> mems = new LinkedHashMap<>();
    /** process_info->evicted_bos. */
    private int evictedBos;
    /** process_info->restore_userptr_work is queued. */
    private boolean userptrRestorePending;
    private boolean acquired;

    @Inject
    AmdgpuAmdkfdGpuvm(Memory memory, Mm mm, Gpu gpu, Reservations reservations, Locks locks, KfdProcess process) {
        this.memory = memory;
        this.mm = mm;
        this.gpu = gpu;
        this.reservations = reservations;
        this.process = process;
        this.infoLock = locks.mutex("process_info->lock");
        this.notifierLock = locks.mutex("process_info->notifier_lock");
        this.pd = reservations.create("amdgpu_vm root PD (KFD)");
    }

    DmaResv pd() {
        return pd;
    }

    /**
     * kfd_ioctl_acquire_vm() -> amdgpu_amdkfd_gpuvm_acquire_process_vm() -> init_kfd_vm(): the
     * process info (GFP_KERNEL) and the eviction fence on the page directory.
     */
    void acquireProcessVm() {
        if (acquired) {
            return;
        }
        acquired = true;
        try (Held info = infoLock.lock()) {
            memory.alloc(Gfp.GFP_KERNEL, 1);
            try (Held reserved = pd.lock()) {
                pd.addFence(process.evictionFence(), DmaResv.Usage.BOOKKEEP);
            }
        }
    }

    /**
     * amdgpu_amdkfd_gpuvm_alloc_memory_of_gpu() and amdgpu_amdkfd_gpuvm_map_memory_to_gpu() of a
     * VRAM/GTT BO, the first time a queue uses it: the BO (GFP_KERNEL), then under
     * process_info->lock amdgpu_amdkfd_bo_validate_and_fence() with the eviction fence.
     */
    KgdMem memoryOfGpu(String name) {
        KgdMem mem = mems.get(name);
        if (mem != null) {
            return mem;
        }
        memory.alloc(Gfp.GFP_KERNEL, 1);
        mem = new KgdMem(name, reservations.create("kfd bo " + name), null);
        mem.initialised = true;
        try (Held info = infoLock.lock()) {
            mems.put(name, mem);
            try (Held reserved = mem.resv.lock()) {
                memory.alloc(Gfp.GFP_KERNEL, 1);
                mem.resv.addFence(process.evictionFence(), DmaResv.Usage.BOOKKEEP);
            }
        }
        return mem;
    }

    /**
     * amdgpu_amdkfd_gpuvm_alloc_memory_of_gpu(KFD_IOC_ALLOC_MEM_FLAGS_USERPTR): the userptr BO
     * and amdgpu_hmm_register() with amdgpu_hmm_hsa_ops; init_user_pages() is deferred.
     */
    KgdMem registerUserptr(String name, Submission.UserptrRange range) {
        KgdMem mem = new KgdMem(name, reservations.create("kfd bo " + name + " (userptr)"), range);
        mem.invalid = true;
        mem.notifier = mm.insertNotifier(range.start(), range.length(),
                (notifier, event, blockable, curSeq) -> invalidateHsa(mem, notifier, blockable, curSeq));
        mems.put(name, mem);
        return mem;
    }

    /** The userptr BO covering a range, or null. */
    KgdMem userptrCovering(Submission.UserptrRange range) {
        for (KgdMem mem : mems.values()) {
            if (mem.covers(range)) {
                return mem;
            }
        }
        return null;
    }

    /**
     * init_user_pages() and the mapping of a userptr BO at its first use: the pages with the
     * notifier sequence, validation and the eviction fence under the reservations, the GPU
     * mapping, and amdgpu_ttm_tt_get_user_pages_done() under the notifier lock. An invalidation
     * meanwhile has already evicted the queues; the restore worker gets the pages again.
     */
    void initUserPages(KgdMem mem) {
        if (mem.initialised) {
            return;
        }
        mem.initialised = true;
        try (Held info = infoLock.lock()) {
            long seq = mem.notifier.readBegin();
            if (!mm.getUserPages(mem.userptr.start(), mem.userptr.length())) {
                return;
            }
            try (Held exec = lockPdAnd(List.of(mem))) {
                memory.alloc(Gfp.GFP_KERNEL, 1);
                mem.resv.addFence(process.evictionFence(), DmaResv.Usage.BOOKKEEP);
                gpu.mapUserptr(mem.notifier, seq);
            }
            try (Held notifier = notifierLock.lock()) {
                if (!mem.notifier.readRetry(seq)) {
                    mem.invalid = false;
                }
            }
        }
    }

    /** amdgpu_hmm_invalidate_hsa(): refuse a non-blockable invalidation, else evict. */
    private boolean invalidateHsa(KgdMem mem, MmuIntervalNotifier notifier, boolean blockable, long curSeq) {
        if (!blockable) {
            return false;
        }
        evictUserptr(mem, notifier, curSeq);
        return true;
    }

    /**
     * amdgpu_amdkfd_evict_userptr(): under process_info->notifier_lock set the sequence, mark the
     * BO invalid and, for the first evicted BO, quiesce the process's queues
     * (kgd2kfd_quiesce_mm(mm, KFD_QUEUE_EVICTION_TRIGGER_USERPTR)) and queue the restore. No
     * fence is waited for.
     */
    private void evictUserptr(KgdMem mem, MmuIntervalNotifier notifier, long curSeq) {
        try (Held lock = notifierLock.lock()) {
            notifier.setSeq(curSeq);
            mem.invalid = true;
            if (++evictedBos == 1) {
                process.quiesceMm();
                userptrRestorePending = true;
            }
        }
    }

    /**
     * amdgpu_amdkfd_restore_userptr_worker(): under process_info->lock, get the invalid BOs'
     * pages (update_invalid_user_pages()), validate and map them under their reservations
     * (validate_invalid_user_pages()), and under the notifier lock confirm that no
     * invalidation raced (confirm_valid_user_pages_locked()); then kgd2kfd_resume_mm(), or try
     * again later.
     */
    void restoreUserptrWorker() {
        if (!userptrRestorePending) {
            return;
        }
        boolean resume = false;
        try (Held info = infoLock.lock()) {
            Map<KgdMem, Long> pages = new LinkedHashMap<>();
            for (KgdMem mem : mems.values()) {
                if (mem.userptr != null && mem.invalid) {
                    long seq = mem.notifier.readBegin();
                    if (mm.getUserPages(mem.userptr.start(), mem.userptr.length())) {
                        pages.put(mem, seq);
                    }
                }
            }
            if (!pages.isEmpty()) {
                try (Held exec = lockPdAnd(new ArrayList<>(pages.keySet()))) {
                    memory.alloc(Gfp.GFP_KERNEL, 1);
                    for (Map.Entry<KgdMem, Long> e : pages.entrySet()) {
                        gpu.mapUserptr(e.getKey().notifier, e.getValue());
                    }
                }
            }
            try (Held lock = notifierLock.lock()) {
                boolean allValid = true;
                for (KgdMem mem : mems.values()) {
                    Long seq = pages.get(mem);
                    if (seq != null && !mem.notifier.readRetry(seq)) {
                        mem.invalid = false;
                    }
                    allValid &= !(mem.userptr != null && mem.invalid);
                }
                if (allValid && evictedBos > 0) {
                    evictedBos = 0;
                    userptrRestorePending = false;
                    resume = true;
                }
            }
        }
        if (resume) {
            process.resumeMm();
        }
    }

    /**
     * amdgpu_amdkfd_gpuvm_restore_process_bos(): under process_info->lock, reserve the page
     * directory and every BO, validate them (GFP_KERNEL), create the new eviction fence
     * (amdgpu_amdkfd_fence_create()) and fence every BO with it.
     */
    AmdgpuAmdkfdFence restoreProcessBos() {
        try (Held info = infoLock.lock()) {
            List<KgdMem> all = new ArrayList<>(mems.values());
            try (Held exec = lockPdAnd(all)) {
                memory.alloc(Gfp.GFP_KERNEL, 1);
                AmdgpuAmdkfdFence ef = process.newEvictionFence();
                pd.addFence(ef, DmaResv.Usage.BOOKKEEP);
                for (KgdMem mem : all) {
                    mem.resv.addFence(ef, DmaResv.Usage.BOOKKEEP);
                }
                return ef;
            }
        }
    }

    /**
     * amdgpu_vm_handle_fault() of the compute VM when SVM could not resolve the fault: write
     * no-retry PTE flags (AMDGPU_VM_NORETRY_FLAGS) under the root PD's reservation, so the wave
     * traps instead of retrying.
     */
    void noRetryPte() {
        try (Held root = pd.lock()) {
            memory.alloc(Gfp.GFP_KERNEL, 1);
        }
    }

    /** drm_exec over the page directory and the BOs (amdgpu_vm_lock_pd() + drm_exec_prepare_obj()). */
    private Held lockPdAnd(List<KgdMem> list) {
        List<DmaResv> objects = new ArrayList<>();
        objects.add(pd);
        for (KgdMem mem : list) {
            objects.add(mem.resv);
        }
        return DrmExec.lockAll(reservations, objects);
    }
}
