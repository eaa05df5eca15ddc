package dev.fencecheck.kernel;

/** The kind of kernel operation that made a finding; the rule it falls under depends on it. */
public enum OpKind {
    LOCK, TRYLOCK, UNLOCK, WW, ALLOC, SCOPE, BEGIN_SIGNALLING, END_SIGNALLING, PUBLISH, SIGNAL, WAIT,
    MIGHT_SLEEP, IRQ, RECLAIM, INVALIDATE, EXIT, BOOT
}
