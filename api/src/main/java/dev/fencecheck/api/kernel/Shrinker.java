package dev.fencecheck.api.kernel;

/** {@code struct shrinker}: what reclaim calls to free a driver's memory. */
public interface Shrinker {
    String name();

    /** count_objects(): how many pages could be freed. */
    long count();

    /** scan_objects(): frees up to {@code toScan} pages; returns how many were freed. */
    long scan(long toScan);
}
