package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.RwSemaphore;
import dev.fencecheck.exec.ModelThread;
import dev.fencecheck.lockdep.Lock;
import dev.fencecheck.lockdep.ReadMode;
import dev.fencecheck.lockdep.Site;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code mm->mmap_lock} ({@code include/linux/mmap_lock.h}): an rw_semaphore whose lockdep
 * identity is the validator's primed {@code mmap_lock}. Blocking as in {@code rwsem.c}: readers
 * share, a writer excludes all, and readers queue behind a waiting writer.
 */
final class ModelMmapLock implements RwSemaphore {
    private final ModelKernel kernel;
    private final Lock lock;
    private final ModelKey key;
    private ModelThread writer;
    private final List<ModelThread> readers = new ArrayList<>();
    private final List<ModelThread> waitingWriters = new ArrayList<>();

    ModelMmapLock(ModelKernel kernel, String mm) {
        this.kernel = kernel;
        this.key = new ModelKey("mmap_lock of " + mm);
        this.lock = kernel.lockdep().mmapLock();
    }

    @Override
    public String name() {
        return lock.name();
    }

    /** mmap_lock.h: mmap_read_lock(). */
    @Override
    public Held read() {
        ModelThread t = ModelThread.current();
        Site s = kernel.site("mmap_read_lock()");
        t.block(key, s.operation(), s.source(), () -> writer == null && waitingWriters.isEmpty(),
                () -> "mmap_lock, held by " + holders());
        readers.add(t);
        kernel.lockdep().lock(kernel.kernelThread(t), lock, ReadMode.READ, s);
        return release(t, "mmap_read_unlock()");
    }

    /** mmap_lock.h: mmap_read_trylock(): fails while a writer holds or waits for the lock. */
    Held tryRead() {
        ModelThread t = ModelThread.current();
        Site s = kernel.site("mmap_read_trylock()");
        t.point(key, s.operation(), s.source());
        if (writer != null || !waitingWriters.isEmpty()) {
            return null;
        }
        readers.add(t);
        kernel.lockdep().trylock(kernel.kernelThread(t), lock, ReadMode.READ, s);
        return release(t, "mmap_read_unlock()");
    }

    /** mmap_lock.h: mmap_write_lock(). */
    @Override
    public Held write() {
        ModelThread t = ModelThread.current();
        Site s = kernel.site("mmap_write_lock()");
        t.point(key, s.operation() + " (queue)", s.source());
        waitingWriters.add(t);
        t.block(key, s.operation(), s.source(), () -> writer == null && readers.isEmpty(),
                () -> "mmap_lock, held by " + holders());
        waitingWriters.remove(t);
        writer = t;
        kernel.lockdep().lock(kernel.kernelThread(t), lock, ReadMode.WRITE, s);
        return release(t, "mmap_write_unlock()");
    }

    private Held release(ModelThread t, String op) {
        boolean[] released = {false};
        return () -> {
            if (released[0]) {
                return;
            }
            released[0] = true;
            Site s = kernel.site(op);
            t.point(key, s.operation(), s.source());
            if (writer == t) {
                writer = null;
            } else {
                readers.remove(t);
            }
            kernel.lockdep().unlock(kernel.kernelThread(t), lock, s);
        };
    }

    private String holders() {
        List<String> names = new ArrayList<>();
        if (writer != null) {
            names.add(writer.name());
        }
        readers.forEach(r -> names.add(r.name() + " (read)"));
        return names.isEmpty() ? "nobody" : String.join(", ", names);
    }

    @Override
    public String toString() {
        return "mmap_lock";
    }
}
