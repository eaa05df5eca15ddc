package dev.fencecheck.drivers.armsoc.lima;

import java.util.List;

/** {@code enum lima_sched_pipe_id} ({@code lima_sched.h}): the GP (geometry) and PP (fragment) pipes. */
enum LimaPipe {
    GP("gp"),
    PP("pp");

    final String engine;

    LimaPipe(String engine) {
        this.engine = engine;
    }

    static List<String> engines() {
        return List.of(GP.engine, PP.engine);
    }

    static LimaPipe of(String engine) {
        for (LimaPipe p : values()) {
            if (p.engine.equals(engine)) {
                return p;
            }
        }
        throw new IllegalArgumentException("lima has no pipe " + engine + " (pipes: " + engines() + ")");
    }
}
