package dev.fencecheck.lockdep;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of a {@code task_struct} that lockdep uses: the held-lock stack, the current
 * chain key, and the irq state ({@code hardirqs_enabled}, {@code softirqs_enabled},
 * the preempt count that {@code in_atomic()} reads).
 */
public final class LockThread {
    static final long INITIAL_CHAIN_KEY = -1L;

    private final String name;
    private final ExecContext context;
    HeldLock[] held = new HeldLock[8];
    int depth;
    long chainKey = INITIAL_CHAIN_KEY;
    boolean hardirqsEnabled;
    int bhDisableDepth;
    /** Set once a lockdep report was made for the current operation (one mistake, one report). */
    boolean reportedInOperation;
    /** Nesting of LockValidator.beginOperation(). */
    int compound;

    /**
     * The usage bits mark_usage() sets for a write acquisition in the current irq state (a read
     * acquisition sets the read bit next to each), and the same for a trylock, which sets no
     * USED_IN bit. Kept up to date by {@link #irqStateChanged} so the acquire fast path reads one
     * field.
     */
    int usageOnAcquire;
    int usageOnTrylock;

    LockThread(String name, ExecContext context) {
        this.name = name;
        this.context = context;
        this.hardirqsEnabled = context != ExecContext.HARDIRQ;
        irqStateChanged();
        for (int i = 0; i < held.length; i++) {
            held[i] = new HeldLock();
        }
    }

    public String name() {
        return name;
    }

    public ExecContext context() {
        return context;
    }

    public int depth() {
        return depth;
    }

    public boolean hardirqsEnabled() {
        return hardirqsEnabled;
    }

    /** softirqs_enabled: not in a softirq handler and not inside local_bh_disable(). */
    public boolean softirqsEnabled() {
        return context == ExecContext.TASK && bhDisableDepth == 0;
    }

    /** The held lock at {@code index} (0 = oldest). */
    public HeldLock heldAt(int index) {
        return held[index];
    }

    /** {@code in_atomic()}: a spinning lock held, bh disabled, or an interrupt handler. */
    public boolean inAtomic() {
        if (context != ExecContext.TASK || bhDisableDepth > 0) {
            return true;
        }
        for (int i = 0; i < depth; i++) {
            if (held[i].lock.spinning()) {
                return true;
            }
        }
        return false;
    }

    /** What {@code might_sleep()} objects to: atomic context or interrupts disabled. */
    public boolean mayNotSleep() {
        return inAtomic() || !hardirqsEnabled;
    }

    /** Descriptions of the held locks, oldest first, as lockdep's held-lock listing. */
    public List<String> describeHeld() {
        List<String> out = new ArrayList<>(depth);
        for (int i = 0; i < depth; i++) {
            out.add("#" + i + ": " + held[i].describe());
        }
        return out;
    }

    /** Recomputes the usage masks after hardirqsEnabled or bhDisableDepth changed. */
    void irqStateChanged() {
        int enabled = 0;
        if (hardirqsEnabled) {
            enabled |= UsageBits.flag(UsageBits.enabled(UsageBits.HARDIRQ, false));
            if (softirqsEnabled()) {
                enabled |= UsageBits.flag(UsageBits.enabled(UsageBits.SOFTIRQ, false));
            }
        }
        int usedIn = switch (context) {
            case TASK -> 0;
            case SOFTIRQ -> UsageBits.flag(UsageBits.usedIn(UsageBits.SOFTIRQ, false));
            case HARDIRQ -> UsageBits.flag(UsageBits.usedIn(UsageBits.HARDIRQ, false));
        };
        usageOnTrylock = enabled;
        usageOnAcquire = enabled | usedIn;
    }

    HeldLock push() {
        if (depth == held.length) {
            HeldLock[] grown = java.util.Arrays.copyOf(held, depth * 2);
            for (int i = depth; i < grown.length; i++) {
                grown[i] = new HeldLock();
            }
            held = grown;
        }
        return held[depth++];
    }

    HeldLock top() {
        return depth == 0 ? null : held[depth - 1];
    }

    @Override
    public String toString() {
        return name;
    }
}
