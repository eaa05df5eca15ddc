package dev.fencecheck.drivers.armsoc.msm;

/**
 * Runtime PM and devfreq of the GPU ({@code msm_gpu.c}, {@code msm_gpu_devfreq.c},
 * {@code drivers/devfreq/devfreq.c}, {@code drivers/base/power/qos.c}): what the paths from
 * {@code msm_job_run()} take and allocate, and what probe holds while allocating. The 2023 series
 * changed both sides.
 */
interface MsmPm {
    /**
     * msm_devfreq_init() -> devfreq_add_device() / dev_pm_qos_add_request(), at probe. The model's
     * probe runs outside any modelled thread, where no lock can be taken, so the first SUBMIT ioctl
     * runs this part once instead: lockdep learns a dependency whenever it first happens.
     */
    void probe();

    /** pm_runtime_get_sync() resuming the GPU: msm_gpu_pm_resume() -> msm_devfreq_resume(). */
    void resume();

    /** msm_gpu_hw_init() when gpu->needs_hw_init (after a resume): adreno hw_init. */
    void hwInit();

    /** msm_devfreq_active(), on the idle -> busy transition in msm_gpu_submit(). */
    void devfreqActive();
}
