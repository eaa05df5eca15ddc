package dev.fencecheck.drivers.nouveau;

import dev.fencecheck.api.kernel.Locks;
import dev.fencecheck.api.kernel.Mutex;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * nouveau_drm.c: {@code struct nouveau_cli}, the client of the modelled process. Its mutex is
 * what nouveau_abi16_get() takes for the whole of every abi16 ioctl, the pushbuf included.
 */
@Singleton
final class NouveauCli {
    private final Mutex mutex;

    @Inject
    NouveauCli(Locks locks) {
        // nouveau_cli_init(): mutex_init(&cli->mutex)
        this.mutex = locks.mutex("nouveau_cli.mutex");
    }

    Mutex mutex() {
        return mutex;
    }
}
