package dev.fencecheck.drivers.i915;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuConfig;
import dev.fencecheck.api.kernel.GpuJob;
import dev.fencecheck.api.kernel.GpuStep;
import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Job;
import dev.fencecheck.api.kernel.SchedulerBackend;

/**
 * Execlists submission of one engine ({@code gt/intel_execlists_submission.c}): requests whose
 * submit fence and dependencies have signalled are dequeued into the ELSP under
 * {@code sched_engine->lock}; a request that outlives the watchdog is cancelled by preempting it
 * off the engine (the preemption bounded by the preempt timeout, after which the engine is reset),
 * and the other requests on the engine are replayed.
 */
@SuppressWarnings("try") // lock holds are try-with-resources, as the kernel code holds them
final class IntelExeclistsSubmission implements SchedulerBackend {
    private final IntelEngine engine;
    private final GpuConfig hardware;

    IntelExeclistsSubmission(IntelEngine engine, GpuConfig hardware) {
        this.engine = engine;
        this.hardware = hardware;
    }

    /**
     * execlists_submission_tasklet() -> execlists_dequeue(): with interrupts off and
     * sched_engine->lock held, __i915_request_submit() emits the request's breadcrumb and the
     * request goes to the ELSP. A request with a fatal error is skipped (__i915_request_skip():
     * only its breadcrumb runs), as is one whose batch execbuf never emitted; the model completes
     * such a request at once.
     */
    @Override
    public DmaFence runJob(Job job) {
        I915Request rq = (I915Request) job;
        try (Held h = engine.schedLock().lockIrqsave()) {
            DmaFence breadcrumb = engine.breadcrumbs().create();
            rq.breadcrumb = breadcrumb;
            if (rq.fatalError() || !rq.batchEmitted()) {
                complete(breadcrumb, rq.error());
            } else {
                engine.hardware().submit(GpuJob.of(rq.name(), breadcrumb, rq.payload().toArray(GpuStep[]::new)));
            }
            return breadcrumb;
        }
    }

    // intel_breadcrumbs.c: signal_irq_work() -> dma_fence_signal_locked() with the request's error
    private static void complete(DmaFence breadcrumb, int error) {
        if (error < 0) {
            breadcrumb.signal(error);
        } else {
            breadcrumb.signal();
        }
    }

    /**
     * The request watchdog expired (gt/intel_gt_requests.c: intel_gt_watchdog_work(), after
     * CONFIG_DRM_I915_REQUEST_TIMEOUT): i915_request_cancel(rq, -EINTR) marks it, and
     * execlists_context_cancel_request() sends intel_engine_pulse(), a barrier-priority request
     * that preempts it. The heartbeat does the same for a context that blocks its engine.
     * The preemption must complete within preempt_timeout_ms, or execlists_reset() resets the
     * engine with the request guilty (-EIO); on hardware that preempts mid-batch it does.
     */
    @Override
    public void timedoutJob(Job job) {
        I915Request rq = (I915Request) job;
        DmaFence breadcrumb = rq.breadcrumb;
        // i915_request_completed()
        if (breadcrumb == null || breadcrumb.isSignaled()) {
            return;
        }
        // i915_request.c: i915_request_cancel() -> i915_request_set_error_once(rq, -EINTR)
        if (!rq.setErrorOnce(Errno.EINTR)) {
            return;
        }
        boolean preempted = hardware.preemption() == GpuConfig.Preemption.MID_JOB;
        if (preempted) {
            // intel_engine_heartbeat.c: intel_engine_pulse(); execlists_dequeue() preempts for it
            engine.hardware().preempt();
        }
        int error = preempted ? Errno.EINTR : Errno.EIO;
        // The cancelled context is resubmitted with its payload skipped (__i915_request_skip()) and
        // the others unwound and resubmitted (__unwind_incomplete_requests()); after a preempt
        // timeout, intel_engine_reset() -> __i915_request_reset(rq, true) marks it -EIO instead.
        // The model's engine drops a context only through reset(), so both go through it, and
        // every other request is replayed.
        try (Held h = engine.schedLock().lockIrqsave()) {
            for (GpuJob dropped : engine.hardware().reset()) {
                if (dropped.fence() == breadcrumb) {
                    complete(breadcrumb, error);
                } else {
                    engine.hardware().submit(dropped);
                }
            }
        }
        if (preempted) {
            engine.hardware().resume();
        }
        // drm_sched hands a timed-out job back to nobody: retire it here
        rq.retire();
    }

    /** i915_request_retire() once the request's fence has signalled. */
    @Override
    public void freeJob(Job job) {
        ((I915Request) job).retire();
    }
}
