package dev.fencecheck.drivers.amd.amdkfd;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.fencecheck.drivers.amd.amdgpu.KfdResetHooks;

/**
 * amdgpu_amdkfd.c: amdgpu_amdkfd_pre_reset() -> kgd2kfd_pre_reset() (the device queue manager
 * stops, dqm->ops.pre_reset()) and amdgpu_amdkfd_post_reset() -> kgd2kfd_post_reset() (it starts
 * again), from GPU recovery. The ASIC reset itself drops the user queues' work.
 */
@Singleton
final class KfdReset implements KfdResetHooks {
    private final KfdDeviceQueueManager dqm;

    @Inject
    KfdReset(KfdDeviceQueueManager dqm) {
        this.dqm = dqm;
    }

    @Override
    public void preReset() {
        dqm.resetting();
    }

    @Override
    public void postReset() {
        dqm.resetting();
    }
}
