package dev.fencecheck.drivers.nouveau;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.DriverPlugin;
import dev.fencecheck.api.DriverProvider;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Preemption;
import dev.fencecheck.api.kernel.GpuConfig;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** (a) The plugin is found through ServiceLoader; its descriptor says what the model claims. */
class NouveauPluginTest {
    private static List<DriverProvider> providers() {
        return StreamSupport.stream(ServiceLoader.load(DriverPlugin.class).spliterator(), false)
                .filter(p -> p instanceof NouveauPlugin)
                .flatMap(p -> p.drivers().stream())
                .toList();
    }

    @Test
    void thePluginIsFoundAndOffersMainlineNouveauOnly() {
        List<DriverProvider> providers = providers();
        assertEquals(List.of("nouveau"), providers.stream().map(p -> p.descriptor().id()).toList());
        assertFalse(providers.get(0).descriptor().isHistoricalVariant());
    }

    @Test
    void theDescriptorDescribesSvmOnPascal() {
        DriverDescriptor d = providers().get(0).descriptor();
        GpuConfig hw = d.hardware();
        assertEquals(List.of("gr", "ce"), hw.engines());
        assertTrue(hw.recoverableFaults(), "replayable faults (fault_replay = true)");
        assertEquals(GpuConfig.Preemption.NONE, hw.preemption());
        assertFalse(hw.preemptWithFaultPending());
        assertTrue(hw.sharedComputeUnits());
        assertEquals(0, d.preemptionLatency());
        assertEquals(DriverDescriptor.UserptrMode.NOTIFIER_CLEARS_PAGE_TABLES, d.userptr());
        assertEquals(DriverDescriptor.FaultMitigation.NONE, d.faultMitigation());
        assertNull(d.reproduces());
    }

    @Test
    void nouveauCannotPreempt() {
        Preemption p = new NouveauDrm(null, null, null, null, null).preemption();
        GpuContext ctx = new GpuContext("compute", "gr", GpuContext.Kind.FAULTING);
        assertFalse(p.preempt(ctx));
        assertNull(p.preemptFence(ctx));
    }
}
