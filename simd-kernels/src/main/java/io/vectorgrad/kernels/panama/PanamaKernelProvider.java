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
