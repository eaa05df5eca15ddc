package dev.fencecheck.drivers.armsoc.drm;

import dev.fencecheck.api.kernel.DmaResv;
import dev.fencecheck.api.kernel.Reservations;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The GEM handle table of a DRM file ({@code drm_gem.c}: {@code drm_gem_object_lookup()}). A buffer
 * a submission names was created by an earlier ioctl (GEM_CREATE, then a CPU mapping that
 * populated it), outside what the model runs: the first lookup of a name creates the object, its
 * reservation object ({@code dma_resv_init()}), and its pages, which count among the memory already
 * in use when the model starts.
 *
 * @param <T> the driver's object type
 */
public final class GemHandles<T extends GemObject> {
    private final Reservations reservations;
    private final BiFunction<String, DmaResv, T> create;
    private final Map<String, T> handles = new LinkedHashMap<>();

    public GemHandles(Reservations reservations, BiFunction<String, DmaResv, T> create) {
        this.reservations = reservations;
        this.create = create;
    }

    /** drm_gem_object_lookup(). */
    public T lookup(String name) {
        T obj = handles.get(name);
        if (obj == null) {
            obj = create.apply(name, reservations.create(name));
            handles.put(name, obj);
        }
        return obj;
    }

    /** An object the driver created itself (a heap, a userptr object); replaces nothing. */
    public T add(T obj) {
        T old = handles.putIfAbsent(obj.name(), obj);
        return old == null ? obj : old;
    }

    /** The handle, if userspace created it. */
    public T find(String name) {
        return handles.get(name);
    }

    /**
     * drm_gem_objects_lookup(): each named object once, in order (a handle listed twice would make
     * drm_gem_lock_reservations() fail with -EALREADY).
     */
    public List<T> lookupAll(List<String> names) {
        List<T> out = new ArrayList<>();
        for (String n : names) {
            T obj = lookup(n);
            if (!out.contains(obj)) {
                out.add(obj);
            }
        }
        return out;
    }

    public Collection<T> all() {
        return handles.values();
    }
}
