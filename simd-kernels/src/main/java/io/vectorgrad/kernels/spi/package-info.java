/**
 * The support interfaces behind the kernel facades and the one-time choice of provider. Callers use the
 * facades in {@code io.vectorgrad.kernels}; this package is public so that the scalar and Panama packages
 * can implement it, and so that tests and benchmarks can compare providers side by side.
 * {@link io.vectorgrad.kernels.spi.WorkerPool} is the library's daemon thread pool for multi-threaded
 * kernels; {@link io.vectorgrad.kernels.spi.CpuInfo} reads the CPU's caches and ISA flags once, and
 * {@link io.vectorgrad.kernels.spi.GemmBlocking} derives a blocked GEMM's KC/MC/NC from them.
 */
package io.vectorgrad.kernels.spi;
