package dev.fencecheck.drivers.amd.amdgpu;

/**
 * Kernel source: drivers/gpu/drm/amd/amdgpu/amdgpu_amdkfd.c.
 * amdgpu_amdkfd_pre_reset() / amdgpu_amdkfd_post_reset(), called by GPU recovery: nothing without
 * KFD, the compute side's queue handling with it.
 */
public interface KfdResetHooks {
    KfdResetHooks NONE = new KfdResetHooks() {
        @Override
        public void preReset() {
        }

        @Override
        public void postReset() {
        }
    };

    void preReset();

    void postReset();
}
