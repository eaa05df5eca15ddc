package dev.fencecheck.drivers.armsoc.msm;

import dev.fencecheck.api.kernel.DmaFence;

/** {@code msm_ringbuffer.c: msm_job_run()}, the scheduler's run_job. */
interface MsmJobRun {
    /** The hardware fence, or null for -ENOMEM. */
    DmaFence run(MsmSubmit submit);

    /** retire_submit(): what is left to unpin once the submit's fence signalled. */
    void retire(MsmSubmit submit);
}
