package dev.fencecheck.conformance.scenarios;

import dev.fencecheck.api.DriverDescriptor;
import java.util.List;
import java.util.Locale;

/** Picks the engines a scenario uses from a driver's hardware description. */
final class Engines {
    private Engines() {
    }

    /** The 3D/graphics engine: the first one. */
    static String graphics(DriverDescriptor d) {
        return d.hardware().engines().get(0);
    }

    /** A compute engine: one whose name says so, else the last one. */
    static String compute(DriverDescriptor d) {
        List<String> engines = d.hardware().engines();
        for (String e : engines) {
            if (e.toLowerCase(Locale.ROOT).contains("comp")) {
                return e;
            }
        }
        return engines.get(engines.size() - 1);
    }
}
