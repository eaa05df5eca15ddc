package dev.fencecheck.api.kernel;

/**
 * The kernel services a driver model is given. Every call is a kernel operation: a scheduling
 * point of the deterministic executor and an event of the lock validator.
 */
public interface Kernel {
    Locks locks();

    Fences fences();

    Reservations reservations();

    Memory memory();

    Mm mm();

    /** might_sleep(). */
    void mightSleep();

    /** local_irq_disable() .. local_irq_enable(). */
    Held irqsDisabled();

    /** The kernel thread running this code. */
    String currentThread();

    /** The GPU of the device being modelled. */
    default Gpu gpu() {
        throw new UnsupportedOperationException("this kernel models no GPU");
    }

    /** The GPU scheduler of one ring, by name. */
    default GpuScheduler scheduler(String name) {
        throw new UnsupportedOperationException("this kernel models no GPU scheduler");
    }
}
