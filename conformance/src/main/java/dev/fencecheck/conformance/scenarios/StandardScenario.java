package dev.fencecheck.conformance.scenarios;

import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.kernel.model.DriverModel;
import java.util.List;

/**
 * One of the scenarios every driver is run through: threads that exercise the driver's paths
 * on the kernel model, the rules they hold it to, and the capabilities they need.
 */
public interface StandardScenario {
    /** Stable id, used in result names ({@code <driver>/<scenario>/<RULE-ID>}) and baselines. */
    String id();

    /** One line for people. */
    String title();

    /** The rules this scenario exercises; each gets a result for every driver. */
    List<String> rules();

    /** The rule a deadlock in this scenario breaks. */
    String deadlockRule();

    /** Why this driver cannot run the scenario (a missing capability), or null if it can. */
    String skipReason(DriverDescriptor driver);

    /** How much memory the model has, and how much is in use. */
    default DriverModel.Memory memory() {
        return DriverModel.Memory.plenty();
    }

    /** Declares the scenario's threads around the driver instance. */
    void threads(DriverModel.Instance model);
}
