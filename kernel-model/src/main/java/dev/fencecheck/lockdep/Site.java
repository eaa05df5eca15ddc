package dev.fencecheck.lockdep;

/**
 * Where an operation came from: a line of a scenario file, or a modelled kernel function.
 * It plays the part of lockdep's {@code acquire_ip} and stack traces in reports.
 *
 * @param source    the file or the model function (e.g. {@code "dma-resv.c: dma_resv_lockdep"})
 * @param line      1-based line, or 0 when the site is not a line of a file
 * @param operation the operation as written, e.g. {@code "alloc GFP_KERNEL"}
 */
public record Site(String source, int line, String operation) {

    public static Site of(String source, String operation) {
        return new Site(source, 0, operation);
    }

    public boolean hasLine() {
        return line > 0;
    }

    /** {@code "line 12: alloc GFP_KERNEL"} or {@code "mm/page_alloc.c: fs_reclaim_acquire"}. */
    public String describe() {
        return hasLine() ? "line " + line + ": " + operation : source + ": " + operation;
    }

    @Override
    public String toString() {
        return describe();
    }
}
