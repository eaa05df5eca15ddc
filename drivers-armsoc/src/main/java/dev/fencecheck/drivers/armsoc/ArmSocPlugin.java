package dev.fencecheck.drivers.armsoc;

import dev.fencecheck.api.DriverPlugin;
import dev.fencecheck.api.DriverProvider;
import dev.fencecheck.drivers.armsoc.etnaviv.EtnavivProvider;
import dev.fencecheck.drivers.armsoc.lima.LimaProvider;
import dev.fencecheck.drivers.armsoc.msm.MsmProvider;
import dev.fencecheck.drivers.armsoc.panfrost.PanfrostProvider;
import dev.fencecheck.drivers.armsoc.v3d.V3dProvider;
import java.util.List;

/**
 * The armsoc plugin: panfrost (and panfrost@5.8), etnaviv, msm (and msm@6.1), v3d and lima. Each provider
 * builds its driver with an injector of its own.
 */
public final class ArmSocPlugin implements DriverPlugin {
    @Override
    public List<DriverProvider> drivers() {
        return List.of(PanfrostProvider.mainline(), PanfrostProvider.v58(), new EtnavivProvider(),
                MsmProvider.mainline(), MsmProvider.v61(), new V3dProvider(), new LimaProvider());
    }
}
