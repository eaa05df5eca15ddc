package dev.fencecheck.drivers.armsoc.v3d;

import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.drivers.armsoc.drm.GemObject;

/** {@code struct v3d_bo} ({@code v3d_drv.h}): a shmem GEM object mapped in the V3D MMU. */
final class V3dBo extends GemObject {
    V3dBo(String name, DmaResv resv, long pages) {
        super(name, resv, pages);
    }
}
