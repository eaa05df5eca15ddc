package dev.fencecheck.drivers.armsoc.v3d;

import java.util.List;

/** {@code enum v3d_queue} ({@code v3d_drv.h}), the queues the model has, as GPU engines. */
enum V3dQueue {
    /** V3D_RENDER: the rendering control list (CLE thread 1); first, for 3D work. */
    RENDER("render"),
    /** V3D_BIN: the binning control list (CLE thread 0). */
    BIN("bin"),
    /** V3D_TFU: the texture formatting unit, which runs no shaders. */
    TFU("tfu"),
    /** V3D_CSD: compute shader dispatch. */
    CSD("csd");

    final String engine;

    V3dQueue(String engine) {
        this.engine = engine;
    }

    static List<String> engines() {
        return List.of(RENDER.engine, BIN.engine, TFU.engine, CSD.engine);
    }

    static V3dQueue of(String engine) {
        for (V3dQueue q : values()) {
            if (q.engine.equals(engine)) {
                return q;
            }
        }
        throw new IllegalArgumentException("v3d has no queue " + engine + " (queues: " + engines() + ")");
    }
}
