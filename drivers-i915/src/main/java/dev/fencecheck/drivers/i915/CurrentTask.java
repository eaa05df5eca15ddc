package dev.fencecheck.drivers.i915;

import com.google.inject.Inject;
import dev.fencecheck.api.kernel.Kernel;

/**
 * What i915 reads of {@code current->flags}. The SPI only names the running thread, so the model
 * goes by the name: kswapd is {@code kswapd*} (the kernel's own thread name), and a task in
 * do_exit() is a thread whose name starts with {@code exit} (e.g. {@code exit_mmap}). This is a
 * stand-in for task flags the SPI lacks.
 */
final class CurrentTask {
    private final Kernel kernel;

    @Inject
    CurrentTask(Kernel kernel) {
        this.kernel = kernel;
    }

    // include/linux/swap.h: current_is_kswapd(): current->flags & PF_KSWAPD
    boolean isKswapd() {
        return kernel.currentThread().startsWith("kswapd");
    }

    // include/linux/sched.h: current->flags & PF_EXITING, set by exit_signals() in do_exit()
    boolean isExiting() {
        String name = kernel.currentThread();
        return name.startsWith("exit") || name.contains("do_exit");
    }
}
