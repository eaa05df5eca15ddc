package dev.fencecheck.conformance.scenarios;

import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.driver.GpuContext;
import dev.fencecheck.api.driver.Submission;
import dev.fencecheck.api.kernel.GpuConfig;
import dev.fencecheck.kernel.model.DriverModel;
import dev.fencecheck.lockdep.ExecContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The descriptor's claims, checked against the driver itself: scenarios are skipped on the
 * strength of these claims, so a driver that claims less than it does hides from them, and one
 * that claims more fails them for the wrong reason.
 */
public final class DescriptorClaims implements StandardScenario {
    /** The result's rule id. */
    public static final String RULE = "descriptor-claim";

    @Override
    public String id() {
        return "descriptor-claims";
    }

    @Override
    public String title() {
        return "the descriptor's claims about userptr, faults and preemption hold";
    }

    @Override
    public List<String> rules() {
        return List.of(RULE);
    }

    @Override
    public String deadlockRule() {
        return RULE;
    }

    @Override
    public String skipReason(DriverDescriptor driver) {
        return null;
    }

    @Override
    public void threads(DriverModel.Instance m) {
        DriverDescriptor d = m.descriptor();
        m.kernel().mm().map(UserptrScenarios.START, UserptrScenarios.LENGTH);
        m.kernel().thread("probe", ExecContext.TASK, () -> {
            List<String> wrong = new ArrayList<>();
            boolean userptr = supports(() -> m.driver().createUserptr("claim",
                    new Submission.UserptrRange(UserptrScenarios.START, UserptrScenarios.LENGTH)));
            if (userptr != (d.userptr() != DriverDescriptor.UserptrMode.NONE)) {
                wrong.add("userptr is " + d.userptr() + " but createUserptr " + (userptr ? "works" : "is unsupported"));
            }
            if (d.hardware().recoverableFaults() && m.driver().faultHandler() == null
                    && !supports(() -> m.driver().openContext("claim-faulting", Engines.compute(d),
                            GpuContext.Kind.FAULTING))) {
                wrong.add("faults are claimed recoverable, but there is no fault handler and no faulting context");
            }
            if (d.hardware().preemption() == GpuConfig.Preemption.NONE && m.driver().preemption().preempt(
                    m.driver().openContext("claim-preempt", Engines.graphics(d), GpuContext.Kind.FENCED))) {
                wrong.add("preemption is claimed impossible, but the driver preempted a context");
            }
            if (!wrong.isEmpty()) {
                throw new RuleViolation(RULE, String.join("; ", wrong));
            }
        });
    }

    private static boolean supports(Runnable call) {
        try {
            call.run();
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }
}
