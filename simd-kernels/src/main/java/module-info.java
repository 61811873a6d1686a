/**
 * vectorgrad's kernels: the validating facades {@code Gemm}, {@code Elementwise} and {@code Activations}
 * over a provider chosen once per JVM.
 *
 * <p>Only {@code io.vectorgrad.kernels} is API. The support interfaces and the provider choice
 * ({@code io.vectorgrad.kernels.spi}) are exported to vectorgrad's training module (its optimizer runs on
 * the shared worker pool) and benchmarks only; the scalar and JDK
 * Vector API implementations ({@code scalar}, {@code panama}) are not exported. The Panama provider is loaded
 * reflectively from inside this module, so it works on the module path and on the class path alike.
 *
 * <p>{@code jdk.incubator.vector} is {@code requires static}: a JVM started without
 * {@code --add-modules jdk.incubator.vector} still loads this module and falls back to the scalar kernels
 * with one warning, exactly as on the class path; with the flag, the module reads the incubator module and
 * the SIMD kernels are used.
 */
@SuppressWarnings("module") // the qualified exports name io.vectorgrad.benchmarks, built later
module io.vectorgrad.kernels {
  requires static jdk.incubator.vector;
  requires java.management; // the worker pool reads the system load to decide whether to spin

  exports io.vectorgrad.kernels;
  exports io.vectorgrad.kernels.spi to io.vectorgrad.training, io.vectorgrad.benchmarks;
}
