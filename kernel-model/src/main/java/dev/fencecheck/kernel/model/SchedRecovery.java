package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.GpuScheduler;
import dev.fencecheck.api.kernel.Job;
import dev.fencecheck.exec.ModelThread;
import dev.fencecheck.kernel.KernelThread;
import dev.fencecheck.lockdep.Site;
import java.util.ArrayList;
import java.util.List;

/**
 * Timeout handling and reset of a scheduler ({@code drivers/gpu/drm/scheduler/sched_main.c}):
 * the timeout work, drm_sched_stop() and drm_sched_start(). The timeout work is a fence
 * signalling section: the finished fences of every pending job wait for it
 * ("drm/scheduler: use dma-fence annotations in tdr work").
 */
final class SchedRecovery {
    private static final String SRC = "drivers/gpu/drm/scheduler/sched_main.c";

    private final ModelScheduler sched;
    private final ModelKernel kernel;

    SchedRecovery(ModelScheduler sched) {
        this.sched = sched;
        this.kernel = sched.kernel;
    }

    /**
     * drm_sched_job_timedout(): takes the oldest pending job off the list (so that the free work
     * cannot free it), calls the driver's timedout_job, frees it if drm_sched_stop() left that
     * to us, and re-arms the timeout.
     */
    void jobTimedout() {
        ModelThread t = ModelThread.current();
        KernelThread kt = kernel.current();
        Site s = Site.of(SRC, "drm_sched_job_timedout(" + sched.name() + ")");
        t.point(sched, s.operation(), s.source());
        SchedJob job = sched.pending.pollFirst();
        if (job != null) {
            kernel.lockdep().beginSignalling(kt, s);
            try {
                sched.backend.timedoutJob(job.job);
                if (sched.freeGuilty) {
                    sched.backend.freeJob(job.job);
                    sched.freeGuilty = false;
                }
            } finally {
                kernel.lockdep().endSignalling(kt, s);
            }
        }
        Site rearm = Site.of(SRC, "drm_sched_start_timeout_unlocked(" + sched.name() + ")");
        t.point(sched, rearm.operation(), rearm.source());
        sched.startTimeout();
    }

    /**
     * drm_sched_stop(): drm_sched_wqueue_stop() (waits for a run_job in progress), puts the bad
     * job back at the head, then from the newest job on detaches drm_sched_job_done_cb() from
     * hardware fences still pending, and frees the jobs whose callback already ran (after
     * waiting for their finished fence); the bad one is left for the timeout work to free.
     */
    void stop(Job bad) {
        ModelThread t = ModelThread.current();
        Site s = kernel.site("drm_sched_stop(" + sched.name() + ")");
        t.point(sched, s.operation(), s.source());
        sched.pauseSubmit = true;
        Site cancel = Site.of(SRC, "drm_sched_wqueue_stop: cancel_work_sync(&sched->work_run_job)");
        t.block(sched, cancel.operation(), cancel.source(), () -> !sched.worker.busy(),
                () -> "the run_job work of " + sched.name() + " to finish");
        SchedJob badJob = bad == null ? null : sched.jobOf(bad);
        if (badJob != null && !sched.pending.contains(badJob)) {
            sched.pending.addFirst(badJob);
        }
        List<SchedJob> newestFirst = new ArrayList<>(sched.pending);
        java.util.Collections.reverse(newestFirst);
        for (SchedJob job : newestFirst) {
            if (job.parent != null && job.parent.removeCallback(job.doneCallback)) {
                job.parent = null;
                sched.returnCredits(job);
            } else {
                sched.pending.remove(job);
                job.finished.await();
                if (job != badJob) {
                    sched.backend.freeJob(job.job);
                } else {
                    sched.freeGuilty = true;
                }
            }
        }
        sched.cancelTimeout();
    }

    /**
     * drm_sched_start(): jobs whose hardware fence was detached finish with {@code error}
     * (-ECANCELED if 0); the others get drm_sched_job_done_cb() back, or finish at once if their
     * hardware fence signalled meanwhile. Then the timeout is re-armed and submission resumes.
     */
    void start(int error) {
        ModelThread t = ModelThread.current();
        Site s = kernel.site("drm_sched_start(" + sched.name() + ")");
        t.point(sched, s.operation(), s.source());
        for (SchedJob job : new ArrayList<>(sched.pending)) {
            sched.takeCredits(job);
            if (job.parent == null) {
                sched.jobDone(job, error != 0 ? error : GpuScheduler.ECANCELED);
            } else if (!job.parent.addCallback(job.doneCallback)) {
                int status = job.parent.status();
                sched.jobDone(job, status < 0 ? status : error);
            }
        }
        sched.startTimeout();
        sched.pauseSubmit = false;
    }
}
