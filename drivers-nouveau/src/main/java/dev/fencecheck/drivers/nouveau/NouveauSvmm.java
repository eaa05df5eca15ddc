package dev.fencecheck.drivers.nouveau;

import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.Mm;
import dev.fencecheck.api.kernel.MmuIntervalNotifier;
import dev.fencecheck.api.kernel.Mutex;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * nouveau_svm.c: {@code struct nouveau_svmm}, the client's SVM address space: the mirror of the
 * process's mm, {@code svmm->mutex}, and the interval notifiers of the fault windows being
 * handled.
 *
 * <p>The kernel mirrors the mm with a classic {@code mmu_notifier}
 * (nouveau_svmm_invalidate_range_start()), which mm/mmu_notifier.c calls after every interval
 * notifier of the range (mn_itree_invalidate() before mn_hlist_invalidate_range_start()), so a
 * fault window's sequence is always bumped (nouveau_svm_range_invalidate()) before PFNCLR
 * runs, both under {@code svmm->mutex}. The SPI only has interval notifiers, called in insertion
 * order; the mirror is an interval notifier over the whole user address space inserted first,
 * which therefore bumps the in-flight fault windows' sequences itself before PFNCLR, as the
 * kernel's order would have.
 */
@Singleton
final class NouveauSvmm implements MmuIntervalNotifier.Ops {
    /** TASK_SIZE of x86-64 with 4-level page tables. */
    static final long USER_VA_LIMIT = 1L << 47;

    private final Mm mm;
    private final Mutex mutex;
    private final NvifVmm vmm;
    /** The fault windows inserted by nouveau_range_fault() and not yet removed. */
    private final List<MmuIntervalNotifier> windows = new ArrayList<>();
    private final MmuIntervalNotifier.Ops windowOps = this::rangeInvalidate;
    private MmuIntervalNotifier mirror;

    @Inject
    NouveauSvmm(Locks locks, Mm mm, NvifVmm vmm) {
        this.mm = mm;
        this.vmm = vmm;
        // nouveau_svmm_init(): mutex_init(&svmm->mutex)
        this.mutex = locks.mutex("nouveau_svmm.mutex");
    }

    /**
     * NOUVEAU_SVM_INIT, nouveau_svmm_init(): the SVM VMM (fault_replay = true) and
     * __mmu_notifier_register() on the process's mm (under mmap_write_lock, with cli->mutex and
     * GFP_KERNEL allocations, all before any fence exists). Done at set-up: the modelled client
     * enables SVM before it creates channels, as SVM userspace must.
     */
    void init() {
        mirror = mm.insertNotifier(0, USER_VA_LIMIT, this);
    }

    boolean initialised() {
        return mirror != null;
    }

    Mutex mutex() {
        return mutex;
    }

    NvifVmm vmm() {
        return vmm;
    }

    /**
     * nouveau_svmm_invalidate_range_start(): -EAGAIN when not blockable; else under
     * {@code svmm->mutex} clear the range from the GPU page tables (nouveau_svmm_invalidate():
     * NVIF_VMM_V0_PFNCLR). No fence wait: a GPU access after this faults, and
     * nouveau_svm_fault() maps the new pages or cancels the fault. (Invalidations of
     * MMU_NOTIFY_MIGRATE by this device are skipped in the kernel; the model's mm has no
     * migration events. The unmanaged window is empty.)
     */
    @Override
    public boolean invalidate(MmuIntervalNotifier notifier, MmuIntervalNotifier.Event event, boolean blockable,
                              long curSeq) {
        if (!blockable) {
            return false;
        }
        try (Held h = mutex.lock()) {
            // what nouveau_svm_range_invalidate() of each fault window did before (see above)
            for (MmuIntervalNotifier window : windows) {
                window.setSeq(curSeq);
            }
            vmm.pfnClr();
        }
        return true;
    }

    /**
     * nouveau_svm_range_invalidate(), the fault window's interval notifier: bump its sequence
     * under {@code svmm->mutex} (trylock when not blockable, false if contended), so that
     * nouveau_range_fault() retries instead of mapping stale pages.
     */
    private boolean rangeInvalidate(MmuIntervalNotifier window, MmuIntervalNotifier.Event event, boolean blockable,
                                    long curSeq) {
        Held h = blockable ? mutex.lock() : mutex.trylock();
        if (h == null) {
            return false;
        }
        try (h) {
            window.setSeq(curSeq);
        }
        return true;
    }

    /** mmu_interval_notifier_insert() of a fault window, with nouveau_svm_mni_ops. */
    MmuIntervalNotifier insertWindow(long start, long length) {
        MmuIntervalNotifier window = mm.insertNotifier(start, length, windowOps);
        windows.add(window);
        return window;
    }

    /** mmu_interval_notifier_remove() of a fault window. */
    void removeWindow(MmuIntervalNotifier window) {
        windows.remove(window);
        window.remove();
    }

    /**
     * nouveau_pfns_map(): NVIF_VMM_V0_PFNMAP of migrated pages under {@code svmm->mutex}.
     */
    void pfnsMap(long addr) {
        try (Held h = mutex.lock()) {
            vmm.pfnMapMigrated(addr);
        }
    }
}
