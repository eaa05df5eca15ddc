/**
 * The small-SoC driver models: panfrost, etnaviv, msm (with its historical variant msm@6.1), v3d
 * and lima, offered by one {@link dev.fencecheck.drivers.armsoc.ArmSocPlugin}. Each driver lives
 * in its own subpackage and wires its parts with its own Guice injector; the parts they share are
 * models of DRM core helpers ({@code drivers/gpu/drm/drm_gem.c}, {@code drm_gem_shmem_helper.c})
 * in {@link dev.fencecheck.drivers.armsoc.drm}.
 */
package dev.fencecheck.drivers.armsoc;
