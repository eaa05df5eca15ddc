package dev.fencecheck.drivers.amd.amdgpu;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.Mutex;
import dev.fencecheck.drivers.amd.Errno;
import java.util.ArrayList;
import java.util.List;

/**
 * amdgpu_ids.c: the VMID manager of the graphics hub ({@code struct amdgpu_vmid_mgr}): VMIDs in
 * LRU order, each remembering its owner VM and the fences of the jobs using it
 * ({@code id->active}), under {@code id_mgr->lock}. amdgpu_vmid_grab() runs from the
 * scheduler's prepare_job (v5.8: the dependency callback), inside the signalling section of the
 * job's already published finished fence. What it allocates differs between mainline and v5.8
 * ({@link VmidAllocations}).
 *
 * <p>{@code id->active} is kept here as the hardware fence of the last job on the VMID (the
 * kernel keeps the job's finished fence, which signals right after it): the model's scheduler
 * may call prepare_job before the submitting thread has the finished fence in hand.
 */
@SuppressWarnings("try") // lock holds and sections are try-with-resources, as the kernel holds them
@Singleton
final class AmdgpuIds {
    /** adev->vm_manager.first_kfd_vmid is 8: VMIDs 1..7 are graphics', 0 is the system VM. */
    static final int GFX_VMIDS = 7;

    private static final class Vmid {
        final int id;
        AmdgpuVm owner;
        DmaFence active;

        Vmid(int id) {
            this.id = id;
        }

        boolean idle() {
            return active == null || active.isSignaled();
        }
    }

    private final Mutex lock;
    private final VmidAllocations allocations;
    /** id_mgr->ids_lru: least recently used first. */
    private final List<Vmid> lru = new ArrayList<>();

    @Inject
    AmdgpuIds(Locks locks, VmidAllocations allocations) {
        this.lock = locks.mutex("id_mgr->lock");
        this.allocations = allocations;
        for (int i = 1; i <= GFX_VMIDS; i++) {
            lru.add(new Vmid(i));
        }
    }

    /**
     * amdgpu_vmid_grab(): under id_mgr->lock, wait if anybody waits for a VMID, else find an idle
     * one (amdgpu_vmid_grab_idle()); reuse the VMID this VM already owns
     * (amdgpu_vmid_grab_used()) or take the idle one, remembering the job as its user
     * (amdgpu_sync_fence(&id->active, ...)). Returns the fence to wait for, or null when the job
     * got its VMID (or failed, with {@code job.error} set).
     */
    DmaFence grab(AmdgpuVm vm, AmdgpuRing ring, AmdgpuJob job) {
        try (Held held = lock.lock()) {
            // amdgpu_vmid_grab_idle()
            if (ring.vmidWait != null && !ring.vmidWait.isSignaled()) {
                return ring.vmidWait;
            }
            if (!allocations.idleScan()) {
                job.error = Errno.ENOMEM;
                return null;
            }
            Vmid idle = null;
            List<DmaFence> busy = new ArrayList<>();
            for (Vmid id : lru) {
                if (id.idle()) {
                    idle = id;
                    break;
                }
                busy.add(id.active);
            }
            if (idle == null) {
                DmaFence wait = allocations.waitForIdle(busy);
                if (wait == null) {
                    job.error = Errno.ENOMEM;
                    return null;
                }
                ring.vmidWait = wait;
                return wait;
            }
            // amdgpu_vmid_grab_used(): a VMID this VM already owns
            Vmid id = null;
            for (int i = lru.size() - 1; i >= 0; i--) {
                if (lru.get(i).owner == vm) {
                    id = lru.get(i);
                    break;
                }
            }
            if (id == null) {
                id = idle;
                job.vmNeedsFlush = true;
            }
            // Remember this submission as user of the VMID: amdgpu_sync_fence(&id->active, ...)
            if (!allocations.syncEntry()) {
                job.error = Errno.ENOMEM;
                return null;
            }
            lru.remove(id);
            lru.add(id);
            id.owner = vm;
            job.vmid = id.id;
            job.vm = null;
            return null;
        }
    }

    /** run_job emitted the job's hardware fence: it is the VMID's latest user. */
    void active(AmdgpuJob job) {
        for (Vmid id : lru) {
            if (id.id == job.vmid) {
                id.active = job.hwFence;
            }
        }
    }
}
