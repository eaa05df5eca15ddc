package dev.fencecheck.conformance.run;

import dev.fencecheck.api.DriverContext;
import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.DriverProvider;
import dev.fencecheck.api.driver.Driver;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.Fences;
import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.api.kernel.GpuConfig;
import dev.fencecheck.api.kernel.GpuEngine;
import dev.fencecheck.api.kernel.GpuJob;
import dev.fencecheck.api.kernel.GpuScheduler;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Job;
import dev.fencecheck.api.kernel.Kernel;
import dev.fencecheck.api.kernel.MmuIntervalNotifier;
import dev.fencecheck.api.kernel.Mutex;
import dev.fencecheck.api.kernel.SchedulerBackend;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A userptr driver built the way amdgpu's graphics userptr is (amdgpu_cs.c: amdgpu_cs_ioctl(),
 * amdgpu_hmm.c: amdgpu_hmm_invalidate_gfx()), with one deliberate bug at a time, to check that
 * the suite catches each under the rule it breaks. Without a bug it is correct: the notifier
 * waits for the buffer's fences under the notifier lock, and the submission revalidates the
 * range's sequence under the same lock before it publishes its fence, retrying if it changed.
 */
@SuppressWarnings("try") // holds are try-with-resources, as the kernel holds them
final class UserptrTestDriver implements Driver, SchedulerBackend {
    enum Bug {
        NONE,
        /** The notifier sets the sequence but returns without waiting for the GPU. */
        NOTIFIER_DOES_NOT_WAIT,
        /** The submission never checks mmu_interval_read_retry(): it may publish on stale pages. */
        NO_SEQUENCE_RECHECK,
        /** get_user_pages() inside the fence signalling section. */
        GUP_IN_SIGNALLING
    }

    private record Userptr(DmaResv resv, MmuIntervalNotifier notifier) {
    }

    private final Kernel kernel;
    private final Bug bug;
    private final GpuScheduler scheduler;
    private final Fences.FenceTimeline hw;
    private final GpuEngine engine;
    private final Mutex notifierLock;
    private final Map<String, DmaResv> buffers = new HashMap<>();
    private final Map<Submission.UserptrRange, Userptr> userptrs = new HashMap<>();
    private final Map<String, List<GpuStep>> steps = new HashMap<>();
    private int jobs;

    private UserptrTestDriver(DriverContext ctx, Bug bug) {
        this.kernel = ctx.kernel();
        this.bug = bug;
        this.hw = kernel.fences().timeline("userptr-test.hw");
        this.engine = kernel.gpu().engines().get(0);
        this.scheduler = ctx.createScheduler("gfx", this, 100);
        this.notifierLock = kernel.locks().mutex("userptr-test.notifier_lock");
    }

    static DriverProvider provider(String id, Bug bug) {
        return new DriverProvider() {
            @Override
            public DriverDescriptor descriptor() {
                return DriverDescriptor.of(id, "Test", "6.8", "an amdgpu-style userptr driver",
                        GpuConfig.of(id, "gfx")).withUserptr(DriverDescriptor.UserptrMode.NOTIFIER_WAITS_FOR_FENCES);
            }

            @Override
            public Driver create(DriverContext context) {
                return new UserptrTestDriver(context, bug);
            }
        };
    }

    @Override
    public GpuContext openContext(String name, String engineName, GpuContext.Kind kind) {
        return new GpuContext(name, engineName, kind);
    }

    @Override
    public void createUserptr(String buffer, Submission.UserptrRange range) {
        DmaResv resv = kernel.reservations().create(buffer);
        buffers.put(buffer, resv);
        MmuIntervalNotifier notifier = kernel.mm().insertNotifier(range.start(), range.length(),
                (n, event, blockable, seq) -> invalidate(resv, n, blockable, seq));
        userptrs.put(range, new Userptr(resv, notifier));
    }

    private boolean invalidate(DmaResv resv, MmuIntervalNotifier notifier, boolean blockable, long seq) {
        if (!blockable) {
            return false;
        }
        try (Held lock = notifierLock.lock()) {
            notifier.setSeq(seq);
            if (bug != Bug.NOTIFIER_DOES_NOT_WAIT) {
                resv.waitTimeout(DmaResv.Usage.BOOKKEEP, Long.MAX_VALUE);
            }
        }
        return true;
    }

    @Override
    public DmaFence submit(Submission s) {
        kernel.memory().alloc(Gfp.GFP_KERNEL, 1); // the job's own allocation, before any lock
        Job job = Job.of("job" + jobs++ + "." + s.context().name(), s.dependencies().toArray(DmaFence[]::new));
        steps.put(job.name(), s.steps());
        GpuScheduler.InitializedJob initialized = scheduler.init(job);
        while (true) { // -EAGAIN from a concurrent invalidation: userspace calls the ioctl again
            Map<Userptr, Long> ranges = new LinkedHashMap<>();
            for (Submission.UserptrRange range : s.userptr()) {
                Userptr u = userptrs.get(range);
                long seq = u.notifier().readBegin();
                if (bug != Bug.GUP_IN_SIGNALLING && !kernel.mm().getUserPages(range.start(), range.length())) {
                    return null; // -EFAULT
                }
                ranges.put(u, seq);
            }
            DmaFence fence = lockAndPublish(s, initialized, ranges);
            if (fence != null) {
                return fence;
            }
        }
    }

    private DmaFence lockAndPublish(Submission s, GpuScheduler.InitializedJob job, Map<Userptr, Long> ranges) {
        List<DmaResv> resvs = new ArrayList<>();
        for (String b : s.buffers()) {
            resvs.add(buffers.computeIfAbsent(b, n -> kernel.reservations().create(n)));
        }
        try (DmaResv.WwAcquireContext ctx = kernel.reservations().acquireContext()) {
            for (DmaResv r : resvs) {
                r.lock(ctx);
            }
            ctx.done();
            try {
                for (Map.Entry<Userptr, Long> e : ranges.entrySet()) {
                    kernel.gpu().mapUserptr(e.getKey().notifier(), e.getValue());
                }
                try (Held lock = notifierLock.lock()) {
                    for (Map.Entry<Userptr, Long> e : ranges.entrySet()) {
                        if (bug != Bug.NO_SEQUENCE_RECHECK && e.getKey().notifier().readRetry(e.getValue())) {
                            return null;
                        }
                    }
                    try (Held section = kernel.fences().beginSignalling()) {
                        if (bug == Bug.GUP_IN_SIGNALLING) {
                            for (Userptr u : ranges.keySet()) {
                                kernel.mm().getUserPages(u.notifier().start(), u.notifier().length());
                            }
                        }
                        DmaFence finished = job.push();
                        for (DmaResv r : resvs) {
                            r.addFence(finished, DmaResv.Usage.WRITE);
                        }
                        return finished;
                    }
                }
            } finally {
                for (DmaResv r : resvs) {
                    r.unlock();
                }
            }
        }
    }

    @Override
    public DmaFence runJob(Job job) {
        DmaFence fence = hw.create();
        engine.submit(new GpuJob(job.name(), steps.get(job.name()), fence, true));
        return fence;
    }

    @Override
    public void timedoutJob(Job job) {
        scheduler.stop(job);
        for (GpuJob dropped : engine.reset()) {
            dropped.fence().signal(GpuScheduler.ECANCELED);
        }
        scheduler.start(0);
    }
}
