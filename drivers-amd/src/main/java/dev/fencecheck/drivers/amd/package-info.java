/**
 * The AMD driver models: {@code amdgpu} (graphics command submission, gfx userptr, display,
 * reset) and {@code amdkfd} (compute user queues with eviction fences, KFD userptr, SVM), plus
 * historical variants of amdgpu that reproduce the violations the 2020 dma-fence annotation
 * series found ({@code docs/kernel-reference.md}, section 4). Each driver wires its parts with
 * its own Guice injector; {@link dev.fencecheck.drivers.amd.KernelServicesModule} binds the
 * kernel services it is handed.
 */
package dev.fencecheck.drivers.amd;
