package dev.fencecheck.drivers.armsoc.lima;

import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.drivers.armsoc.drm.GemObject;

/** {@code struct lima_bo} ({@code lima_gem.h}): a shmem object; a heap object has a heap_size. */
final class LimaBo extends GemObject {
    /** bo->heap_size in pages, 0 for an ordinary object. */
    long heapPages;

    LimaBo(String name, DmaResv resv, long pages, long heapPages) {
        super(name, resv, pages);
        this.heapPages = heapPages;
    }
}
