/**
 * The nouveau driver model ({@code drivers/gpu/drm/nouveau/}): legacy pushbuf channels that emit
 * {@code nouveau_fence}s, shared virtual memory with replayable GPU faults (nouveau_svm.c), an
 * mmu notifier that only clears GPU page tables (PFNCLR), and device-memory migration on the copy
 * engine (nouveau_dmem.c). Each class models one kernel file; {@link NouveauModule} wires them.
 */
package dev.fencecheck.drivers.nouveau;
