package io.vectorgrad.kernels.panama;

import io.vectorgrad.kernels.spi.ActivationSupport;
import io.vectorgrad.kernels.spi.ElementwiseSupport;
import io.vectorgrad.kernels.spi.GemmBlocking;
import io.vectorgrad.kernels.spi.GemmSupport;
import io.vectorgrad.kernels.spi.KernelProvider;
import java.util.Optional;

/** JDK Vector API kernels; loaded reflectively by {@link KernelProvider} only when the module is present. */
public final class PanamaKernelProvider extends KernelProvider {
  private final GemmSupport gemm = new PanamaGemm();
  private final ElementwiseSupport elementwise = new PanamaElementwise();
  private final ActivationSupport activations = new PanamaActivations();

  public PanamaKernelProvider() {
    initialiseVectorClasses(gemm, elementwise, activations);
  }

  /**
   * Runs every kernel once on small inputs, on the thread that picks the provider, so that every Vector API
   * class they use is loaded and initialised before the JIT compiles any of them. A C2 compile that meets a
   * vector class another thread is still initialising gives up the intrinsics for good: on JDK 17 that was
   * seen as a 2-thread training step allocating 1–1.5 MB, depending on timing. Costs a few milliseconds.
   */
  private static void initialiseVectorClasses(GemmSupport gemm, ElementwiseSupport elementwise,
      ActivationSupport activations) {
    int n = 3 * VectorConstants.LANES + 5;
    float[] x = new float[n];
    float[] y = new float[n];
    float[] z = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (i % 7 - 3) * 0.25f;
      y[i] = (i % 5 - 2) * 0.5f;
    }
    activations.sigmoid(x, 0, z, 0, n);
    activations.sigmoidBackward(z, 0, y, 0, z, 0, n);
    activations.tanh(x, 0, z, 0, n);
    activations.tanhBackward(z, 0, y, 0, z, 0, n);
    activations.relu(x, 0, z, 0, n);
    activations.reluBackward(z, 0, y, 0, z, 0, n);
    activations.leakyRelu(0.01f, x, 0, z, 0, n);
    activations.leakyReluBackward(0.01f, z, 0, y, 0, z, 0, n);
    activations.softmax(x, 0, z, 0, 1, n);
    activations.logSoftmax(x, 0, z, 0, 1, n);
    activations.softmaxBackward(z, 0, y, 0, z, 0, 1, n);
    elementwise.hadamard(x, 0, y, 0, z, 0, n);
    elementwise.add(x, 0, y, 0, z, 0, n);
    elementwise.sub(x, 0, y, 0, z, 0, n);
    elementwise.scale(0.5f, x, 0, z, 0, n);
    elementwise.axpy(0.5f, x, 0, z, 0, n);
    elementwise.addRowVector(x, 0, z, 0, n, 1, n);
    elementwise.columnSums(x, 0, n, z, 0, 1, n);
    elementwise.sumOfSquares(x, 0, n);
    elementwise.maxAbs(x, 0, n);
    // the packed GEMM path with a full and a partial tile, both write-back modes
    int m = 2 * VectorConstants.GEMM_MR + 1;
    int cols = 2 * VectorConstants.GEMM_NR + 1;
    int k = 64;
    float[] a = new float[m * k];
    float[] b = new float[k * cols];
    float[] c = new float[m * cols];
    gemm.sgemm(false, false, m, cols, k, 1f, a, 0, k, b, 0, cols, 0f, c, 0, cols, 1);
    gemm.sgemm(false, true, m, cols, k, 1f, a, 0, k, b, 0, k, 1f, c, 0, cols, 1);
    gemm.sgemm(true, false, m, cols, k, 0.5f, a, 0, m, b, 0, cols, 1f, c, 0, cols, 1);
  }

  @Override
  public String name() {
    return "panama";
  }

  @Override
  public GemmSupport gemm() {
    return gemm;
  }

  @Override
  public ElementwiseSupport elementwise() {
    return elementwise;
  }

  @Override
  public ActivationSupport activations() {
    return activations;
  }

  @Override
  public int vectorBits() {
    return VectorConstants.FLOATS.vectorBitSize();
  }

  @Override
  public Optional<GemmBlocking> gemmBlocking() {
    return Optional.of(VectorConstants.GEMM_BLOCKING);
  }
}
