package dev.fencecheck.drivers.i915;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.driver.Submission.UserptrRange;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.Reservations;
import dev.fencecheck.api.kernel.SpinLock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GEM objects of the device and their handles ({@code gem/i915_gem_object.c},
 * {@code gem/i915_gem_create.c}): a buffer name the execbuf has not seen is created as a shmem
 * object, as GEM_CREATE would have. {@code i915->mm.obj_lock} guards the shrinker's lists.
 */
@SuppressWarnings("try") // lock holds are try-with-resources, as the kernel code holds them
@Singleton
final class I915GemObjects {
    private final Reservations reservations;
    private final SpinLock objLock;
    private final Map<String, I915GemObject> byName = new LinkedHashMap<>();

    @Inject
    I915GemObjects(Reservations reservations, Locks locks) {
        this.reservations = reservations;
        this.objLock = locks.spinlock("i915->mm.obj_lock");
    }

    // i915_gem_create.c: i915_gem_create_ioctl() -> i915_gem_object_create_shmem(), then the
    // handle lookup of eb_lookup_vmas()
    I915GemObject lookup(String name) {
        I915GemObject obj = byName.get(name);
        if (obj == null) {
            // i915_gem_object.c: i915_gem_object_init() -> drm_gem_private_object_init(): dma_resv_init()
            obj = new I915GemObject(name, reservations.create(name), null);
            byName.put(name, obj);
        }
        return obj;
    }

    // i915_gem_userptr.c: i915_gem_userptr_ioctl(): i915_gem_object_alloc() + i915_gem_object_init()
    I915GemObject createUserptr(String name, UserptrRange range) {
        if (byName.containsKey(name)) {
            throw new IllegalArgumentException("-EEXIST: a GEM object named " + name + " exists");
        }
        I915GemObject obj = new I915GemObject(name, reservations.create(name), range);
        byName.put(name, obj);
        return obj;
    }

    /** The userptr object created over exactly this range, or null. */
    I915GemObject userptrOver(UserptrRange range) {
        for (I915GemObject obj : byName.values()) {
            if (obj.isUserptr() && obj.userptr.equals(range)) {
                return obj;
            }
        }
        return null;
    }

    /** i915->mm.shrink_list, copied under i915->mm.obj_lock: shmem objects with pages. */
    List<I915GemObject> shrinkList() {
        try (Held h = objLock.lockIrqsave()) {
            List<I915GemObject> list = new ArrayList<>();
            for (I915GemObject obj : byName.values()) {
                if (!obj.isUserptr() && obj.hasPages) {
                    list.add(obj);
                }
            }
            return list;
        }
    }

    /** i915->mm.shrink_memory >> PAGE_SHIFT, read without the lock (READ_ONCE). */
    long shrinkablePages() {
        long pages = 0;
        for (I915GemObject obj : byName.values()) {
            if (!obj.isUserptr() && obj.hasPages) {
                pages += I915GemObject.PAGES;
            }
        }
        return pages;
    }
}
