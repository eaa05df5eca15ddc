package dev.fencecheck.kernel.model;

import dev.fencecheck.api.kernel.Held;
import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.Mutex;
import dev.fencecheck.api.kernel.RwSemaphore;
import dev.fencecheck.api.kernel.SpinLock;
import dev.fencecheck.exec.ModelThread;
import dev.fencecheck.lockdep.Lock;
import dev.fencecheck.lockdep.LockClass;
import dev.fencecheck.lockdep.ReadMode;
import dev.fencecheck.lockdep.Site;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Mutexes, spinlocks and rw_semaphores of a model: real blocking semantics on the executor,
 * lockdep semantics on the validator ({@code kernel/locking/mutex.c}, {@code spinlock.c},
 * {@code rwsem.c}).
 */
final class ModelLocks implements Locks {
    private final ModelKernel kernel;
    private final Map<String, LockClass> classes = new HashMap<>();
    private final Map<String, Integer> instances = new HashMap<>();

    ModelLocks(ModelKernel kernel) {
        this.kernel = kernel;
    }

    private Lock newLock(String className, boolean spinning, boolean sleeping) {
        LockClass c = classes.computeIfAbsent(className, n -> kernel.lockdep().validator().newClass(n));
        int n = instances.merge(className, 1, Integer::sum);
        return kernel.lockdep().validator().newLock(n == 1 ? className : className + "#" + n, c, spinning, sleeping);
    }

    @Override
    public Mutex mutex(String className) {
        return new ModelMutex(newLock(className, false, true));
    }

    @Override
    public SpinLock spinlock(String className) {
        return new ModelSpinLock(newLock(className, true, false));
    }

    @Override
    public RwSemaphore rwsem(String className) {
        return new ModelRwSem(newLock(className, false, true));
    }

    /** Exclusive ownership shared by the mutex and the spinlock. */
    private abstract class Exclusive {
        final Lock lock;
        ModelThread owner;

        Exclusive(Lock lock) {
            this.lock = lock;
        }

        public String name() {
            return lock.name();
        }

        Held acquire(String op, boolean irqsave) {
            ModelThread t = ModelThread.current();
            Site s = kernel.site(op + "(" + lock.name() + ")");
            t.block(this, s.operation(), s.source(), () -> owner == null,
                    () -> lock.name() + ", held by " + (owner == null ? "nobody" : owner.name()));
            owner = t;
            if (irqsave) {
                kernel.lockdep().irqDisable(kernel.kernelThread(t));
            }
            kernel.lockdep().lock(kernel.kernelThread(t), lock, ReadMode.WRITE, s);
            return () -> release(t, irqsave);
        }

        Held tryAcquire(String op) {
            ModelThread t = ModelThread.current();
            Site s = kernel.site(op + "(" + lock.name() + ")");
            t.point(this, s.operation(), s.source());
            if (owner != null) {
                return null;
            }
            owner = t;
            kernel.lockdep().trylock(kernel.kernelThread(t), lock, ReadMode.WRITE, s);
            return () -> release(t, false);
        }

        void release(ModelThread t, boolean irqrestore) {
            Site s = kernel.site("unlock(" + lock.name() + ")");
            t.point(this, s.operation(), s.source());
            if (owner == t) {
                owner = null;
            }
            kernel.lockdep().unlock(kernel.kernelThread(t), lock, s);
            if (irqrestore) {
                kernel.lockdep().irqEnable(kernel.kernelThread(t), s);
            }
        }

        @Override
        public String toString() {
            return lock.name();
        }
    }

    private final class ModelMutex extends Exclusive implements Mutex {
        ModelMutex(Lock lock) {
            super(lock);
        }

        @Override
        public Held lock() {
            return acquire("mutex_lock", false);
        }

        @Override
        public Held trylock() {
            return tryAcquire("mutex_trylock");
        }
    }

    private final class ModelSpinLock extends Exclusive implements SpinLock {
        ModelSpinLock(Lock lock) {
            super(lock);
        }

        @Override
        public Held lock() {
            return acquire("spin_lock", false);
        }

        @Override
        public Held lockIrqsave() {
            return acquire("spin_lock_irqsave", true);
        }

        @Override
        public Held trylock() {
            return tryAcquire("spin_trylock");
        }
    }

    /** rwsem.c: readers share; a writer excludes all; readers queue behind a waiting writer. */
    private final class ModelRwSem implements RwSemaphore {
        private final Lock lock;
        private ModelThread writer;
        private final List<ModelThread> readers = new ArrayList<>();
        private final List<ModelThread> waitingWriters = new ArrayList<>();

        ModelRwSem(Lock lock) {
            this.lock = lock;
        }

        @Override
        public String name() {
            return lock.name();
        }

        @Override
        public Held read() {
            ModelThread t = ModelThread.current();
            Site s = kernel.site("down_read(" + lock.name() + ")");
            t.block(this, s.operation(), s.source(), () -> writer == null && waitingWriters.isEmpty(),
                    () -> lock.name() + ", held by " + holders() + (waitingWriters.isEmpty() ? ""
                            : " (a writer waits: " + waitingWriters.get(0).name() + ")"));
            readers.add(t);
            kernel.lockdep().lock(kernel.kernelThread(t), lock, ReadMode.READ, s);
            return () -> release(t, "up_read");
        }

        @Override
        public Held write() {
            ModelThread t = ModelThread.current();
            Site s = kernel.site("down_write(" + lock.name() + ")");
            // A writer that finds the rwsem busy queues, and readers arriving later wait behind it.
            t.point(this, s.operation() + " (queue)", s.source());
            waitingWriters.add(t);
            t.block(this, s.operation(), s.source(), () -> writer == null && readers.isEmpty(),
                    () -> lock.name() + ", held by " + holders());
            waitingWriters.remove(t);
            writer = t;
            kernel.lockdep().lock(kernel.kernelThread(t), lock, ReadMode.WRITE, s);
            return () -> release(t, "up_write");
        }

        private String holders() {
            List<String> names = new ArrayList<>();
            if (writer != null) {
                names.add(writer.name());
            }
            readers.forEach(r -> names.add(r.name() + " (read)"));
            return names.isEmpty() ? "nobody" : String.join(", ", names);
        }

        private void release(ModelThread t, String op) {
            Site s = kernel.site(op + "(" + lock.name() + ")");
            t.point(this, s.operation(), s.source());
            if (writer == t) {
                writer = null;
            } else {
                readers.remove(t);
            }
            kernel.lockdep().unlock(kernel.kernelThread(t), lock, s);
        }

        @Override
        public String toString() {
            return lock.name();
        }
    }
}
