package dev.fencecheck.drivers.armsoc.msm;

import com.google.inject.AbstractModule;

/**
 * msm as of Linux 6.1, before Rob Clark's 2023 series "drm/msm+PM+icc: Make job_run() reclaim-safe"
 * (ML:&lt;20230320144356.803762-1-robdclark@gmail.com&gt;): the hw fence allocated in job_run, the
 * objects' {@code dma_resv} taken in job_run, and runtime PM and devfreq locks that are held
 * around allocations at probe taken from job_run. Overrides the mainline bindings.
 */
final class Msm61Module extends AbstractModule {
    @Override
    protected void configure() {
        bind(MsmHwFence.class).to(JobRunHwFenceAlloc.class);
        bind(MsmJobRun.class).to(MsmJobRunV61.class);
        bind(MsmPm.class).to(MsmPmV61.class);
    }
}
