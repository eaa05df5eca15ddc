package dev.fencecheck.api.kernel;

/**
 * One step of a job on the hardware: what the command stream makes the engine do next.
 *
 * @param kind    what the step does
 * @param bo      the buffer object touched ({@link Kind#BO})
 * @param address the user address touched ({@link Kind#USERPTR})
 */
public record GpuStep(Kind kind, String bo, long address) {

    public enum Kind {
        /** Arithmetic only: touches no memory. */
        COMPUTE,
        /** Reads or writes a buffer object the driver bound (residency is not checked). */
        BO,
        /** Reads or writes a userptr page through the GPU page tables. */
        USERPTR,
        /** Never completes (a shader that loops forever) until the engine is reset. */
        HANG
    }

    public static GpuStep compute() {
        return new GpuStep(Kind.COMPUTE, null, 0);
    }

    public static GpuStep bo(String name) {
        return new GpuStep(Kind.BO, name, 0);
    }

    public static GpuStep userptr(long address) {
        return new GpuStep(Kind.USERPTR, null, address);
    }

    public static GpuStep hang() {
        return new GpuStep(Kind.HANG, null, 0);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case COMPUTE -> "compute";
            case BO -> "access bo " + bo;
            case USERPTR -> "access userptr 0x" + Long.toHexString(address);
            case HANG -> "hang";
        };
    }
}
