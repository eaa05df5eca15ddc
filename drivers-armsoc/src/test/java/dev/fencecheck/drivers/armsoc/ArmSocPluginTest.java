package dev.fencecheck.drivers.armsoc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.DriverPlugin;
import dev.fencecheck.api.DriverProvider;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The plugin is found by ServiceLoader and offers the armsoc drivers with truthful descriptors. */
class ArmSocPluginTest {
    private static DriverPlugin plugin() {
        List<DriverPlugin> found = ServiceLoader.load(DriverPlugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p instanceof ArmSocPlugin)
                .toList();
        assertEquals(1, found.size(), "one ArmSocPlugin through META-INF/services");
        return found.get(0);
    }

    @Test
    void thePluginIsFoundThroughServiceLoaderAndOffersEveryDriver() {
        List<String> ids = plugin().drivers().stream().map(p -> p.descriptor().id()).toList();
        assertEquals(Models.IDS, ids);
    }

    @Test
    void mainlineModelsReproduceNothingAndTheVariantNamesItsPatch() {
        for (DriverProvider p : plugin().drivers()) {
            DriverDescriptor d = p.descriptor();
            if (d.id().contains("@")) {
                assertTrue(d.isHistoricalVariant(), d.id());
                assertEquals(d.id().substring(d.id().indexOf('@') + 1), d.kernelVersion());
                if (d.id().equals("msm@6.1")) {
                    assertTrue(d.reproduces().contains("V16") && d.reproduces().contains("Pre-allocate hw_fence"),
                            d.reproduces());
                } else {
                    assertTrue(d.reproduces().contains("Switch to reservation lock"), d.reproduces());
                }
            } else {
                assertFalse(d.isHistoricalVariant(), d.id());
                assertNull(d.reproduces());
            }
            assertFalse(d.description().isBlank(), d.id());
        }
    }

    @Test
    void theDescriptorsClaimWhatTheDriversDo() {
        for (DriverProvider p : plugin().drivers()) {
            DriverDescriptor d = p.descriptor();
            boolean heapGrowth = List.of("panfrost", "panfrost@5.8", "v3d", "lima").contains(d.id());
            assertEquals(heapGrowth, d.hardware().recoverableFaults(), d.id());
            assertEquals(heapGrowth ? DriverDescriptor.FaultMitigation.NONE
                    : DriverDescriptor.FaultMitigation.NO_RECOVERABLE_FAULTS, d.faultMitigation(), d.id());
            assertEquals(d.id().equals("etnaviv") ? DriverDescriptor.UserptrMode.PINNED
                    : DriverDescriptor.UserptrMode.NONE, d.userptr(), d.id());
            boolean msm = d.id().startsWith("msm");
            assertEquals(msm, d.hardware().preemption() != dev.fencecheck.api.kernel.GpuConfig.Preemption.NONE, d.id());
            assertFalse(d.hardware().preemptWithFaultPending(), d.id());
            assertNotNull(d.hardware().engines());
        }
    }
}
