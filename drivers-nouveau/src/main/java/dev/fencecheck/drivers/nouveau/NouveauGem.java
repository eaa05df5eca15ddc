package dev.fencecheck.drivers.nouveau;

import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Memory;
import dev.fencecheck.api.kernel.Reservations;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * nouveau_gem.c: the GEM objects of the client (each a {@code nouveau_bo} with its reservation
 * object) and the legacy pushbuf ioctl, which is what SVM channels submit with: the new
 * EXEC/VM_BIND uAPI (nouveau_sched.c, with a drm_sched timeout) refuses clients without a uvmm,
 * and nouveau_gem_ioctl_pushbuf() refuses clients with one, so no drm_sched and no job timeout
 * is involved here.
 */
@Singleton
final class NouveauGem {
    private final Memory memory;
    private final Reservations reservations;
    private final Fences fences;
    private final NouveauCli cli;
    private final NouveauFence fence;
    /** GEM handles: each buffer object's reservation object, created on first use. */
    private final Map<String, DmaResv> objects = new HashMap<>();
    private long pushes;

    @Inject
    NouveauGem(Memory memory, Reservations reservations, Fences fences, NouveauCli cli, NouveauFence fence) {
        this.memory = memory;
        this.reservations = reservations;
        this.fences = fences;
        this.cli = cli;
        this.fence = fence;
    }

    /**
     * nouveau_gem_ioctl_pushbuf(), under {@code cli->mutex} (nouveau_abi16_get()): copy the
     * arrays in, reserve and validate the buffers (implicit sync in nouveau_fence_sync()), put
     * the pushes on the ring, nouveau_fence_new(), then validate_fini() attaches the fence to
     * every buffer (dma_resv_add_fence(): published) and unreserves them. The push buffer
     * itself is always on the validation list (every push names a buffer of the list), so each
     * channel has a push buffer object here. Returns null when the ioctl fails.
     */
    DmaFence pushbuf(NouveauChannel chan, Submission submission) {
        Held abi16 = cli.mutex().lock();
        Held section = null;
        try {
            // u_memcpya(): kvmalloc_array(GFP_KERNEL) copies of the push and buffer arrays
            if (!memory.alloc(Gfp.GFP_KERNEL, 1)) {
                return null;
            }
            try {
                Set<String> names = new LinkedHashSet<>();
                names.add(chan.name() + ".push");
                for (String b : submission.buffers()) {
                    if (!names.add(b)) {
                        // validate_init(): a buffer listed twice is -EINVAL
                        return null;
                    }
                }
                List<DmaResv> bos = new ArrayList<>();
                for (String b : names) {
                    bos.add(lookup(b));
                }
                DmaResv.WwAcquireContext ticket = reservations.acquireContext();
                List<DmaResv> locked = validateInit(bos, ticket);
                try {
                    if (!validateList(chan, locked, submission.dependencies())) {
                        return null;
                    }
                    // nvif_chan_gpfifo_push()/post(), then nouveau_fence_new(&fence, chan)
                    DmaFence done = fence.fenceNew(chan, chan.name() + "#" + ++pushes, submission.steps());
                    if (done == null) {
                        return null; // WIND_RING(chan)
                    }
                    // From here the fence is published: everything until it signals is its
                    // signalling critical section (nouveau itself does not annotate it).
                    section = fences.beginSignalling();
                    // validate_fini() -> nouveau_bo_fence(nvbo, fence, exclusive)
                    for (DmaResv resv : locked) {
                        resv.addFence(done, DmaResv.Usage.WRITE);
                    }
                    return done;
                } finally {
                    // validate_fini(): ttm_bo_unreserve() each buffer, ww_acquire_fini()
                    for (DmaResv resv : locked) {
                        resv.unlock();
                    }
                    ticket.close();
                }
            } finally {
                memory.free(1); // u_free()
            }
        } finally {
            abi16.close(); // nouveau_abi16_put()
            if (section != null) {
                section.close();
            }
        }
    }

    /** drm_gem_object_lookup(): the buffer object behind a handle. */
    private DmaResv lookup(String name) {
        DmaResv resv = objects.get(name);
        if (resv == null) {
            // nouveau_gem_new() -> nouveau_bo_init(): dma_resv_init() (an earlier GEM_NEW ioctl)
            resv = reservations.create("nouveau_bo " + name);
            objects.put(name, resv);
        }
        return resv;
    }

    /**
     * validate_init(): ttm_bo_reserve() every buffer under one ww ticket; on -EDEADLK release
     * them all (validate_fini_no_ticket()), take the contended one with
     * ttm_bo_reserve_slowpath() and start over, skipping it once (res_bo).
     */
    private static List<DmaResv> validateInit(List<DmaResv> bos, DmaResv.WwAcquireContext ticket) {
        List<DmaResv> locked = new ArrayList<>();
        DmaResv resBo = null;
        boolean retry = true;
        while (retry) {
            retry = false;
            for (DmaResv bo : bos) {
                if (bo == resBo) {
                    resBo = null;
                    continue;
                }
                if (bo.lock(ticket) == DmaResv.EDEADLK) {
                    for (DmaResv held : locked) {
                        held.unlock();
                    }
                    locked.clear();
                    bo.lockSlow(ticket);
                    locked.add(bo);
                    resBo = bo;
                    retry = true;
                    break;
                }
                locked.add(bo);
            }
        }
        ticket.done();
        return locked;
    }

    /**
     * validate_list(): per buffer nouveau_gem_set_domain() and nouveau_bo_validate() (placement;
     * residency is not modelled), then nouveau_fence_sync(). The submission's dependencies stand
     * for the other drivers' fences nouveau_fence_sync() finds in the buffers; the legacy
     * pushbuf has no explicit in-fences.
     */
    private boolean validateList(NouveauChannel chan, List<DmaResv> locked, List<DmaFence> dependencies) {
        for (DmaResv resv : locked) {
            if (fence.sync(resv, chan) != 0) {
                return false;
            }
        }
        for (DmaFence dependency : dependencies) {
            fence.syncFence(dependency, chan);
        }
        return true;
    }
}
