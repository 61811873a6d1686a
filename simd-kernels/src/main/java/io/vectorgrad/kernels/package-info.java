/**
 * The public kernel facades: {@link io.vectorgrad.kernels.Gemm}, {@link io.vectorgrad.kernels.Elementwise}
 * and {@link io.vectorgrad.kernels.Activations}. Each validates its arguments (an
 * {@code IllegalArgumentException} naming the argument, never an out-of-bounds error from a kernel, never a
 * partially written output) and then calls the provider chosen once per JVM: the JDK Vector API kernels in
 * {@code io.vectorgrad.kernels.panama} when {@code --add-modules jdk.incubator.vector} is given, the
 * scalar kernels otherwise. {@link io.vectorgrad.kernels.KernelInfo} describes that choice (provider, vector
 * width, CPU, caches, GEMM blocking, JDK) for tools and reports.
 */
package io.vectorgrad.kernels;
