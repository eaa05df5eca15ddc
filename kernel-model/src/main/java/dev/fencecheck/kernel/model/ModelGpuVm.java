package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.GpuMapping;
import dev.fencecheck.api.kernel.MmuIntervalNotifier;
import dev.fencecheck.exec.ModelThread;
import dev.fencecheck.kernel.Rules;
import dev.fencecheck.lockdep.Finding;
import dev.fencecheck.lockdep.FindingKind;
import dev.fencecheck.lockdep.Site;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The GPU page tables for userptr memory, and the check behind USERPTR-COHERENT: once the mmu
 * notifier invalidation of a range has returned, a GPU access through an older mapping of it reads
 * or writes pages the kernel may already have freed.
 *
 * <p>To know when an invalidation has returned, the page tables observe each range with an
 * interval notifier of their own, inserted at its first mapping, after the driver's (the kernel's
 * interval tree calls notifiers of equal start in insertion order, mm/mmu_notifier.c:
 * mn_itree_invalidate(); so does {@link ModelMm}). This observer is model instrumentation, not
 * hardware: it takes no lock and makes no lockdep event. A driver that removes and re-inserts
 * its notifier after the first mapping puts it behind the observer, which then reports early.
 */
final class ModelGpuVm {
    private final ModelKernel kernel;
    private final String gpu;
    private final Map<MmuIntervalNotifier, Observer> observers = new IdentityHashMap<>();
    private final List<Mapping> mappings = new ArrayList<>();

    ModelGpuVm(ModelKernel kernel, String gpu) {
        this.kernel = kernel;
        this.gpu = gpu;
    }

    /** Counts the invalidations of one range that have returned. */
    private final class Observer implements MmuIntervalNotifier.Ops {
        final long start;
        final long length;
        int invalidations;

        Observer(long start, long length) {
            this.start = start;
            this.length = length;
        }

        @Override
        public boolean invalidate(MmuIntervalNotifier notifier, MmuIntervalNotifier.Event event, boolean blockable,
                                  long curSeq) {
            ModelThread.current().point(this, "invalidation of " + this + " (" + event + ") returned", gpu + " page tables");
            // Counted in the step of the point on this observer, the object GPU accesses name:
            // counted after setSeq()'s own scheduling point (on the mm's subscriptions), the
            // explorer would take an access racing with it for independent and never run it late.
            invalidations++;
            notifier.setSeq(curSeq);
            return true;
        }

        boolean contains(long address) {
            return address >= start && address - start < length;
        }

        @Override
        public String toString() {
            return "userptr [0x" + Long.toHexString(start) + ", +0x" + Long.toHexString(length) + ")";
        }
    }

    private final class Mapping implements GpuMapping {
        final Observer observer;
        /** Invalidations that had returned when the pages were mapped; -1: stale from the start. */
        final int validAfter;
        boolean zapped;
        boolean reported;

        Mapping(Observer observer, int validAfter) {
            this.observer = observer;
            this.validAfter = validAfter;
        }

        @Override
        public long start() {
            return observer.start;
        }

        @Override
        public long length() {
            return observer.length;
        }

        @Override
        public void invalidate() {
            ModelThread t = ModelThread.current();
            Site s = kernel.site("gpu page tables: zap " + observer + " and flush the TLB");
            t.point(observer, s.operation(), s.source());
            zapped = true;
        }

        boolean stale() {
            return observer.invalidations > validAfter || validAfter < 0;
        }
    }

    GpuMapping map(MmuIntervalNotifier notifier, long seq) {
        ModelThread t = ModelThread.current();
        Observer o = observers.get(notifier);
        if (o == null) {
            o = new Observer(notifier.start(), notifier.length());
            observers.put(notifier, o);
            insertObserver(o);
        }
        Site s = kernel.site("gpu page tables: map " + o);
        t.point(o, s.operation(), s.source());
        // Read without mmu_interval_read_retry()'s own scheduling point, so that the mapping is
        // made in the step of the point above: the page tables are instrumentation, not driver code.
        boolean staleAlready = notifier instanceof ModelIntervalNotifier n ? n.sequence() != seq
                : notifier.readRetry(seq);
        Mapping m = new Mapping(o, staleAlready ? -1 : o.invalidations);
        mappings.add(m);
        return m;
    }

    /**
     * Inserts an observer into the mm as at set-up, outside the model's threads: it is
     * instrumentation, so it must add no lock dependency (mmu_interval_notifier_insert() takes
     * mmap_lock) and no scheduling point to the driver code that maps the pages. The modelled
     * thread waits for it, so the model's state is not touched concurrently.
     */
    private void insertObserver(Observer o) {
        RuntimeException[] failure = new RuntimeException[1];
        Thread setup = new Thread(() -> {
            try {
                kernel.mm().insertNotifier(o.start, o.length, o);
            } catch (RuntimeException e) {
                failure[0] = e;
            }
        }, gpu + " page-table observer");
        setup.start();
        boolean interrupted = false;
        while (true) {
            try {
                setup.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    /**
     * A GPU access to a userptr address: false when the page tables do not map it (a page
     * fault); an access through a mapping whose range was invalidated since goes ahead and is
     * reported once per mapping.
     */
    boolean access(String thread, String engine, GpuRun run, long address) {
        ModelThread t = ModelThread.current();
        Object object = this;
        for (Observer o : observers.values()) {
            if (o.contains(address)) {
                object = o;
            }
        }
        String what = run.job.name() + " accesses userptr 0x" + Long.toHexString(address);
        t.point(object, engine + ": " + what, gpu);
        Mapping m = null;
        for (Mapping candidate : mappings) {
            if (!candidate.zapped && candidate.observer.contains(address)) {
                m = candidate;
            }
        }
        if (m == null) {
            return false;
        }
        // Not find_vma(): munmap detaches the vmas before it invalidates, so a notifier that
        // correctly waits for this very job sees the GPU access pages no longer in any vma.
        if (m.stale() && !m.reported) {
            m.reported = true;
            report(thread, engine, run, address, m);
        }
        return true;
    }

    private void report(String thread, String engine, GpuRun run, long address, Mapping m) {
        Site site = Site.of(gpu + "/" + engine, run.job.name() + " accesses userptr 0x" + Long.toHexString(address));
        String state = m.validAfter < 0
                ? "the pages were mapped after their invalidation had begun"
                : "an mmu notifier invalidation of " + m.observer + " has returned since the pages were mapped";
        kernel.report(new Finding(FindingKind.GPU_ACCESS_AFTER_INVALIDATE, Rules.USERPTR_COHERENT, thread, site,
                "GPU engine " + engine + " (job " + run.job.name() + ") accesses userptr 0x" + Long.toHexString(address)
                        + " after its invalidation returned",
                List.of(FindingKind.GPU_ACCESS_AFTER_INVALIDATE.headline(),
                        "engine " + engine + " of " + gpu + ", running job " + run.job.name() + ", accesses 0x"
                                + Long.toHexString(address) + " through its GPU page tables, but " + state + ".",
                        "Before the invalidation returns, the driver must wait for the GPU, preempt it, or zap the"
                                + " GPU page tables; the GPU now reads or writes pages the kernel may have freed."),
                List.of(), new TreeSet<>()));
    }
}
