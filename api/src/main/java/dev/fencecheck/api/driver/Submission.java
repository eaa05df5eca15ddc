package dev.fencecheck.api.driver;

import dev.fencecheck.api.kernel.DmaFence;
import dev.fencecheck.api.kernel.GpuStep;
import java.util.List;
import java.util.Objects;

/**
 * One command submission (the CS / execbuf ioctl): the buffers it uses, the userptr ranges, the
 * fences it must wait for, and the work the GPU will do.
 *
 * @param context      the GPU context (per process and queue) it is submitted on
 * @param buffers      names of buffer objects the job reads or writes
 * @param userptr      userptr ranges the job reads or writes
 * @param dependencies fences the job must wait for (implicit and explicit sync)
 * @param steps        what the GPU does when it runs the job
 */
public record Submission(GpuContext context, List<String> buffers, List<UserptrRange> userptr,
                         List<DmaFence> dependencies, List<GpuStep> steps) {

    public Submission {
        Objects.requireNonNull(context);
        buffers = List.copyOf(buffers);
        userptr = List.copyOf(userptr);
        dependencies = List.copyOf(dependencies);
        steps = List.copyOf(steps);
    }

    /** A range of user memory, {@code [start, start + length)}. */
    public record UserptrRange(long start, long length) {
    }
}
