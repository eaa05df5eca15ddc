package dev.fencecheck.drivers.amd;

import dev.fencecheck.api.DriverPlugin;
import dev.fencecheck.api.DriverProvider;
import dev.fencecheck.drivers.amd.amdgpu.AmdgpuProvider;
import dev.fencecheck.drivers.amd.amdgpu.AmdgpuVariant;
import dev.fencecheck.drivers.amd.amdkfd.AmdkfdProvider;
import java.util.ArrayList;
import java.util.List;

/** The AMD plugin: amdgpu, its historical variants, and amdkfd. */
public final class AmdDriverPlugin implements DriverPlugin {
    @Override
    public List<DriverProvider> drivers() {
        List<DriverProvider> drivers = new ArrayList<>();
        for (AmdgpuVariant variant : AmdgpuVariant.values()) {
            drivers.add(new AmdgpuProvider(variant));
        }
        drivers.add(new AmdkfdProvider());
        return List.copyOf(drivers);
    }
}
