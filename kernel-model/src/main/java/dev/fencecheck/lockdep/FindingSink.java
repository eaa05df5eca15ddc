package dev.fencecheck.lockdep;

/** Receives the validator's findings as they are made. */
@FunctionalInterface
public interface FindingSink {
    void report(Finding finding);
}
