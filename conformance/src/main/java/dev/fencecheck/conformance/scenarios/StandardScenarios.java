package dev.fencecheck.conformance.scenarios;

import java.util.List;

/** The standard scenarios, in the order they run and are reported. */
public final class StandardScenarios {
    private StandardScenarios() {
    }

    public static List<StandardScenario> all() {
        return List.of(new SubmitUnderMemoryPressure(), new UserptrScenarios.InvalidationVsSubmit(),
                new UserptrScenarios.MunmapWhileGpuUses(), new ShrinkerVsSubmit(), new PreemptFenceEviction(),
                new FaultVsFence(), new HangTimeoutReset(), new DisplayCommitTail(), new DescriptorClaims());
    }
}
