package dev.fencecheck.kernel.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The bookkeeping of an mm: its vmas (private anonymous mappings, as address ranges) and which
 * of their pages are present. Plain data; locking and notifiers are {@link ModelMm}'s job.
 * Addresses are bytes; pages are {@link #PAGE_SIZE} bytes.
 */
final class AddressSpace {
    static final long PAGE_SIZE = 4096;

    private final TreeMap<Long, Long> vmas = new TreeMap<>();
    private final TreeSet<Long> present = new TreeSet<>();

    static long firstPage(long address) {
        return Math.floorDiv(address, PAGE_SIZE);
    }

    static long endPage(long end) {
        return Math.floorDiv(end + PAGE_SIZE - 1, PAGE_SIZE);
    }

    void add(long start, long end) {
        vmas.put(start, end);
    }

    /** Removes [start, end) from the vmas, splitting them; false if nothing was mapped there. */
    boolean carve(long start, long end) {
        boolean removed = false;
        for (Map.Entry<Long, Long> v : List.copyOf(vmas.entrySet())) {
            long vs = v.getKey();
            long ve = v.getValue();
            if (ve <= start || vs >= end) {
                continue;
            }
            removed = true;
            vmas.remove(vs);
            if (vs < start) {
                vmas.put(vs, start);
            }
            if (ve > end) {
                vmas.put(end, ve);
            }
        }
        return removed;
    }

    boolean contains(long address) {
        Map.Entry<Long, Long> v = vmas.floorEntry(address);
        return v != null && address < v.getValue();
    }

    /** Whether every byte of [start, end) lies in some vma. */
    boolean covered(long start, long end) {
        long at = start;
        while (at < end) {
            Map.Entry<Long, Long> v = vmas.floorEntry(at);
            if (v == null || at >= v.getValue()) {
                return false;
            }
            at = v.getValue();
        }
        return true;
    }

    List<long[]> vmaRanges() {
        List<long[]> out = new ArrayList<>();
        vmas.forEach((s, e) -> out.add(new long[] {s, e}));
        return out;
    }

    /** Pages of [start, end) without a present page. */
    List<Long> missing(long start, long end) {
        List<Long> out = new ArrayList<>();
        for (long p = firstPage(start); p < endPage(end); p++) {
            if (!present.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Makes the pages present; returns how many already were (allocated twice). */
    int populate(List<Long> pages) {
        int already = 0;
        for (long p : pages) {
            if (!present.add(p)) {
                already++;
            }
        }
        return already;
    }

    /** Drops the present pages of [start, end); returns how many there were. */
    int depopulate(long start, long end) {
        if (endPage(end) <= firstPage(start)) {
            return 0;
        }
        var range = present.subSet(firstPage(start), true, endPage(end) - 1, true);
        int n = range.size();
        range.clear();
        return n;
    }

    /** Runs of contiguous present pages, as address ranges. */
    List<long[]> presentRuns() {
        List<long[]> out = new ArrayList<>();
        long runStart = -1;
        long prev = -2;
        for (long p : present) {
            if (p != prev + 1) {
                if (runStart >= 0) {
                    out.add(new long[] {runStart * PAGE_SIZE, (prev + 1) * PAGE_SIZE});
                }
                runStart = p;
            }
            prev = p;
        }
        if (runStart >= 0) {
            out.add(new long[] {runStart * PAGE_SIZE, (prev + 1) * PAGE_SIZE});
        }
        return out;
    }
}
