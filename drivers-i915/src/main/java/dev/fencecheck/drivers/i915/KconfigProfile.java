package dev.fencecheck.drivers.i915;

/**
 * The defaults of {@code drivers/gpu/drm/i915/Kconfig.profile}, in model ticks (one tick is one
 * millisecond). The model's clock only moves when nothing else can run, so these bound what the
 * driver claims rather than pace the exploration.
 */
final class KconfigProfile {
    /** CONFIG_DRM_I915_PREEMPT_TIMEOUT: a context that does not yield within this gets its engine reset. */
    static final long PREEMPT_TIMEOUT_MS = 640;
    /** CONFIG_DRM_I915_HEARTBEAT_INTERVAL: the pulse that escalates to a barrier-priority preemption. */
    static final long HEARTBEAT_INTERVAL_MS = 2500;
    /**
     * A non-preemptible hang is reset by the heartbeat: three intervals of priority bumps
     * (intel_engine_heartbeat.c: heartbeat()), then the barrier pulse's preempt timeout.
     */
    static final long HEARTBEAT_RESET_MS = 3 * HEARTBEAT_INTERVAL_MS + PREEMPT_TIMEOUT_MS;
    /** CONFIG_DRM_I915_REQUEST_TIMEOUT: the watchdog cancels any user request that runs longer. */
    static final long REQUEST_TIMEOUT_MS = 20_000;

    private KconfigProfile() {
    }
}
