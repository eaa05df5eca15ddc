package dev.fencecheck.lockdep;

/**
 * The execution context a modelled thread runs in, as lockdep's irq tracing sees it
 * ({@code lockdep_hardirq_context()}, {@code current->softirq_context}).
 */
public enum ExecContext {
    /** A task: an ioctl caller, a kernel thread or a worker. Interrupts enabled unless disabled. */
    TASK,
    /** A softirq handler: softirqs disabled, hardirqs enabled, atomic. */
    SOFTIRQ,
    /** A hardirq handler: all interrupts disabled, atomic. */
    HARDIRQ;

    /** The kernel's {@code irq_context} value: {@code 2 * hardirq + softirq}. */
    public int irqContext() {
        return switch (this) {
            case TASK -> 0;
            case SOFTIRQ -> 1;
            case HARDIRQ -> 2;
        };
    }
}
