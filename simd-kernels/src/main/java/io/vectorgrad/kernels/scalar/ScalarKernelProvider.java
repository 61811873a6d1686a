package io.vectorgrad.kernels.scalar;

import io.vectorgrad.kernels.spi.ActivationSupport;
import io.vectorgrad.kernels.spi.ElementwiseSupport;
import io.vectorgrad.kernels.spi.GemmBlocking;
import io.vectorgrad.kernels.spi.GemmSupport;
import io.vectorgrad.kernels.spi.KernelProvider;
import java.util.Optional;

/** Plain Java kernels: the fallback without the incubator module, and the baseline in benchmarks. */
public final class ScalarKernelProvider extends KernelProvider {
  private final GemmSupport gemm = new ScalarGemm();
  private final ElementwiseSupport elementwise = new ScalarElementwise();
  private final ActivationSupport activations = new ScalarActivations();

  @Override
  public String name() {
    return "scalar";
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
    return Float.SIZE;
  }

  @Override
  public Optional<GemmBlocking> gemmBlocking() {
    return Optional.empty();
  }
}
