package dev.fencecheck.drivers.amd.amdkfd;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.GpuEngine;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.Memory;
import dev.fencecheck.api.kernel.Mutex;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * kfd_device_queue_manager.c with the hardware scheduler (HWS, cpsch): the process's queues and
 * their eviction count ({@code qpd->evicted}). Unmapping queues (unmap_queues_cpsch()) preempts
 * them with compute wave save/restore (CWSR), which completes in bounded time even with a page
 * fault pending on gfx9. {@code dqm_lock()} takes the mutex and enters
 * memalloc_noreclaim_save(), because the lock is also taken from mmu notifiers (userptr and SVM
 * evictions): nothing allocated under it may recurse into reclaim.
 */
@SuppressWarnings("try") // lock holds and sections are try-with-resources, as the kernel holds them
@Singleton
final class KfdDeviceQueueManager {
    private final Memory memory;
    /** dqm->lock_hidden. */
    private final Mutex lock;
    /** The engines of the process's mapped queues. */
    private final Set<GpuEngine> engines = new LinkedHashSet<>();
    /** qpd->evicted. */
    private int evicted;

    @Inject
    KfdDeviceQueueManager(Locks locks, Memory memory) {
        this.memory = memory;
        this.lock = locks.mutex("dqm->lock_hidden");
    }

    /** dqm_lock() .. dqm_unlock(). */
    private Held dqmLock() {
        Held mutex = lock.lock();
        Held noreclaim = memory.noreclaim();
        return () -> {
            noreclaim.close();
            mutex.close();
        };
    }

    /**
     * create_queue_cpsch(): the MQD (allocate_mqd(), GFP_KERNEL, harmless under dqm_lock's
     * noreclaim scope) and, unless the process is evicted, the queue joins the runlist.
     */
    void createQueue(GpuEngine engine) {
        try (Held dqm = dqmLock()) {
            memory.alloc(Gfp.GFP_KERNEL, 1);
            if (engines.add(engine) && evicted > 0) {
                // q->properties.is_evicted: the new queue is not mapped either
                engine.preempt();
            }
        }
    }

    /** evict_process_queues_cpsch(): the first eviction unmaps (preempts) every queue. */
    void evictProcessQueues() {
        try (Held dqm = dqmLock()) {
            if (evicted++ > 0) {
                return;
            }
            for (GpuEngine engine : engines) {
                engine.preempt();
            }
        }
    }

    /** restore_process_queues_cpsch(): the last restore maps the queues again. */
    void restoreProcessQueues() {
        try (Held dqm = dqmLock()) {
            if (evicted == 0 || --evicted > 0) {
                return;
            }
            for (GpuEngine engine : engines) {
                engine.resume();
            }
        }
    }

    /**
     * execute_queues_cpsch(): unmap every queue (preempting it) and map the runlist again, as the
     * driver does on every runlist change. Nothing to do while the process is evicted.
     */
    void executeQueues() {
        try (Held dqm = dqmLock()) {
            if (evicted > 0) {
                return;
            }
            for (GpuEngine engine : engines) {
                engine.preempt();
                engine.resume();
            }
        }
    }

    /** dqm->ops.pre_reset() / start after reset: the HWS state, under dqm_lock. */
    void resetting() {
        try (Held dqm = dqmLock()) {
            // dqm->is_resetting
        }
    }
}
