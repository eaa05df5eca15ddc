package dev.fencecheck.kernel;

import dev.fencecheck.lockdep.Lock;

/**
 * A {@code struct ww_acquire_ctx}: its own lockdep map (class {@code <ww_class>_acquire}) and,
 * since commit 823a566221a5, a fake {@code first_lock_dep_map} of the ww mutex class that
 * {@code ww_acquire_init()} takes with the context as nest lock ({@code include/linux/ww_mutex.h}).
 */
public record WwAcquireContext(String name, Lock context, Lock firstLock) {
}
