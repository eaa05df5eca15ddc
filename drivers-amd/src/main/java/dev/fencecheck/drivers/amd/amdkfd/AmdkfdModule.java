package dev.fencecheck.drivers.amd.amdkfd;

import com.google.inject.AbstractModule;
import dev.fencecheck.drivers.amd.amdgpu.AmdgpuModule;
import dev.fencecheck.drivers.amd.amdgpu.AmdgpuVariant;
import dev.fencecheck.drivers.amd.amdgpu.KfdResetHooks;

/** amdkfd's parts, on top of mainline amdgpu's: the KFD process, queues, memory and SVM. */
final class AmdkfdModule extends AbstractModule {
    @Override
    protected void configure() {
        install(new AmdgpuModule(AmdgpuVariant.MAINLINE));
        bind(KfdResetHooks.class).to(KfdReset.class);
    }
}
