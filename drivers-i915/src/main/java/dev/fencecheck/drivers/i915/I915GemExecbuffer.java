package dev.fencecheck.drivers.i915;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.driver.Submission.UserptrRange;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Memory;
import dev.fencecheck.api.kernel.Reservations;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The execbuf ioctl ({@code gem/i915_gem_execbuffer.c}, mainline shape): look up the objects and
 * revalidate userptr pages; lock every object, pin and bind it and reserve its fence slot; create
 * the request under the context's timeline mutex and await the in-fences; then, object by object
 * in reverse, await its writers and the bind and add the request's fence to its reservation
 * object; check the userptr sequences under the notifier lock; and hand the request to the
 * backend. The objects stay locked until the request has been added.
 */
@SuppressWarnings("try") // lock holds are try-with-resources, as the kernel code holds them
@Singleton
final class I915GemExecbuffer {
    /** drmIoctl() restarts the ioctl on -EAGAIN; the model gives up after this many attempts. */
    private static final int MAX_ATTEMPTS = 3;

    private final Memory memory;
    private final Reservations reservations;
    private final I915GemContexts contexts;
    private final I915GemObjects objects;
    private final I915GemUserptr userptr;
    private final I915Vma vma;
    private final FenceSlotReservation slots;
    private final ExecbufAnnotation annotation;

    @Inject
    I915GemExecbuffer(Memory memory, Reservations reservations, I915GemContexts contexts, I915GemObjects objects,
                      I915GemUserptr userptr, I915Vma vma, FenceSlotReservation slots, ExecbufAnnotation annotation) {
        this.memory = memory;
        this.reservations = reservations;
        this.contexts = contexts;
        this.objects = objects;
        this.userptr = userptr;
        this.vma = vma;
        this.slots = slots;
        this.annotation = annotation;
    }

    private record Result(int error, DmaFence fence) {
    }

    /**
     * i915_gem_execbuffer2_ioctl(), restarted by userspace while it returns -EAGAIN. The request's
     * fence (the out-fence), or null when the ioctl failed (-EFAULT, -ENOMEM, or -EAGAIN too often).
     */
    DmaFence execbuffer2(Submission submission) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Result r = doExecbuffer(submission);
            if (r.error() == 0) {
                return r.fence();
            }
            if (r.error() != Errno.EAGAIN) {
                return null;
            }
        }
        return null;
    }

    // i915_gem_execbuffer.c: i915_gem_do_execbuffer()
    private Result doExecbuffer(Submission submission) {
        // eb_select_context() / eb_select_engine()
        I915GemContext context = contexts.lookup(submission.context());
        // eb_lookup_vmas(): the objects, userptr ones first revalidated
        List<I915GemObject> objs = lookupObjects(submission);
        List<I915GemObject> userptrObjs = new ArrayList<>();
        for (I915GemObject obj : objs) {
            if (obj.isUserptr()) {
                int err = userptr.submitInit(obj);
                if (err != 0) {
                    return new Result(err, null);
                }
                userptrObjs.add(obj);
            }
        }
        // i915_gem_ww_ctx_init() .. eb_release_vmas() + i915_gem_ww_ctx_fini()
        try (I915GemWw ww = new I915GemWw(reservations)) {
            // eb_relocate_parse() -> eb_validate_vmas()
            ww.lockAll(objs);
            for (I915GemObject obj : objs) {
                int err = validate(obj);
                if (err != 0) {
                    return new Result(err, null);
                }
            }
            ww.done();
            return submit(submission, context, objs, userptrObjs);
        }
    }

    /**
     * eb_lookup_vmas(): the handles of the submission, userptr objects first and the batch (the
     * last buffer) last; a userptr range no object was created for gets one here, as the
     * userptr ioctl before the execbuf would have.
     */
    private List<I915GemObject> lookupObjects(Submission submission) {
        LinkedHashSet<I915GemObject> objs = new LinkedHashSet<>();
        for (UserptrRange range : submission.userptr()) {
            I915GemObject obj = objects.userptrOver(range);
            if (obj == null) {
                obj = userptr.ioctl("userptr@0x" + Long.toHexString(range.start()), range);
            }
            objs.add(obj);
        }
        for (String name : submission.buffers()) {
            objs.add(objects.lookup(name));
        }
        return new ArrayList<>(objs);
    }

    /**
     * eb_validate_vmas() -> eb_pin_vma() under the object's lock: the backing pages
     * (shmem_get_pages(): GFP_HIGHUSER pages, reclaiming), the bind, and (mainline) the fence slot.
     */
    private int validate(I915GemObject obj) {
        if (!obj.isUserptr() && !obj.hasPages) {
            if (!memory.alloc(Gfp.GFP_KERNEL, I915GemObject.PAGES)) {
                return Errno.ENOMEM;
            }
            obj.hasPages = true;
        }
        if (!obj.bound) {
            int err = vma.bind(obj);
            if (err != 0) {
                return err;
            }
        }
        return slots.beforePublish(obj);
    }

    /**
     * eb_requests_create() .. eb_requests_add(): the request is created and later added under
     * the context's timeline mutex; an error after its creation still adds it, without its batch.
     */
    private Result submit(Submission submission, I915GemContext context, List<I915GemObject> objs,
                          List<I915GemObject> userptrObjs) {
        // intel_context_timeline_lock(), released by eb_request_add()
        try (Held timeline = context.timelineMutex().lock()) {
            I915Request rq = I915Request.create(memory, context, submission.steps());
            if (rq == null) {
                return new Result(Errno.ENOMEM, null);
            }
            // eb_fences_add(): the in-fences (i915_request_await_dma_fence())
            int err = 0;
            for (DmaFence in : submission.dependencies()) {
                err = rq.awaitDmaFence(in);
                if (err != 0) {
                    break;
                }
            }
            Held section = null;
            if (err == 0) {
                // eb_submit() -> eb_move_to_gpu(): objects in reverse order
                for (int i = objs.size() - 1; i >= 0 && err == 0; i--) {
                    I915GemObject obj = objs.get(i);
                    err = rq.awaitObject(obj);
                    if (err == 0) {
                        err = vma.moveToActive(obj, rq);
                        if (err == 0 && section == null) {
                            section = annotation.published();
                        }
                    }
                }
                if (err == 0 && !userptrObjs.isEmpty()) {
                    try (Held h = userptr.notifierLock().lock()) {
                        for (I915GemObject obj : userptrObjs) {
                            err = userptr.submitDone(obj);
                            if (err != 0) {
                                break;
                            }
                        }
                    }
                }
                if (err != 0) {
                    // err_skip: i915_request_set_error_once()
                    rq.setErrorOnce(err);
                } else {
                    // eb_request_submit(): the batch goes on the ring only without error
                    rq.emitBatch();
                }
            } else {
                rq.setErrorOnce(err);
            }
            // eb_requests_add() -> eb_request_add() -> __i915_request_queue()
            rq.add();
            if (section != null) {
                section.close();
            }
            return new Result(err, err == 0 ? rq.fence() : null);
        }
    }
}
