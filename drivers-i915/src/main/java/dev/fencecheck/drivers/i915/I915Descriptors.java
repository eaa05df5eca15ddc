package dev.fencecheck.drivers.i915;

import dev.fencecheck.api.DriverDescriptor;
import dev.fencecheck.api.DriverDescriptor.FaultMitigation;
import dev.fencecheck.api.DriverDescriptor.UserptrMode;
import dev.fencecheck.api.kernel.GpuConfig;
import java.util.List;

/** What the i915 models are, and claim. */
final class I915Descriptors {
    private static final String VENDOR = "Intel";
    private static final String ROUND2 = "round 2 of the dma-fence annotation series, "
            + "ML:<20200604081224.863494-1-daniel.vetter@ffwll.ch>";

    /**
     * A gen9+ GT with execlists: render, blitter, video and video-enhance engines, each its own
     * hardware (no compute units shared between them as far as fences care), mid-batch
     * preemption, GPU page faults fatal (there is no fault-driven binding in i915).
     */
    static final GpuConfig HARDWARE = new GpuConfig("gen12", List.of("rcs0", "bcs0", "vcs0", "vecs0"),
            1, false, false, GpuConfig.Preemption.MID_JOB, false);

    private I915Descriptors() {
    }

    static DriverDescriptor mainline() {
        return DriverDescriptor.of("i915", VENDOR, "6.1",
                        "i915 with execlists: userptr interval notifier waiting for the object's fences (not in an"
                                + " exiting process), GEM shrinker waiting for active objects from kswapd, request"
                                + " watchdog " + KconfigProfile.REQUEST_TIMEOUT_MS + " ms, preempt timeout "
                                + KconfigProfile.PREEMPT_TIMEOUT_MS + " ms, heartbeat "
                                + KconfigProfile.HEARTBEAT_INTERVAL_MS + " ms (a non-preemptible hang is reset after "
                                + KconfigProfile.HEARTBEAT_RESET_MS + " ms), engine reset; no recoverable faults;"
                                + " GuC submission not modelled separately",
                        HARDWARE)
                // a preemption that does not complete within the preempt timeout resets the engine
                .withPreemptionLatency(KconfigProfile.PREEMPT_TIMEOUT_MS)
                .withUserptr(UserptrMode.NOTIFIER_WAITS_FOR_FENCES)
                .withFaultMitigation(FaultMitigation.NO_RECOVERABLE_FAULTS);
    }

    static DriverDescriptor fenceWork58() {
        return mainline().variant("i915@5.8", "5.8",
                "mainline model with v5.8's vma bind: page directories allocated (GFP_KERNEL) inside the"
                        + " dma_fence_work worker, which the annotation made a signalling section (V11)",
                "\"drm/i915: Annotate dma_fence_work\" (" + ROUND2 + ", 18/18) on v5.8 i915_sw_fence_work.c:"
                        + " fence_work() -> __vma_bind() -> gen8_ppgtt_alloc(); \"i915 does tons of allocations"
                        + " from this worker\"");
    }

    static DriverDescriptor execbuf58() {
        return mainline().variant("i915@5.8-execbuf", "5.8",
                "mainline model with v5.8's i915_vma_move_to_active(): dma_resv_reserve_shared() (GFP_KERNEL)"
                        + " after earlier objects carry the request's fence, in the execbuf tail annotated"
                        + " from that first publication (V12)",
                "i915 CI on " + ROUND2 + " (Patchwork_17864): signalling paths that allocate, reported as"
                        + " fs_reclaim --> mmu_notifier_invalidate_range_start --> dma_fence_map");
    }
}
