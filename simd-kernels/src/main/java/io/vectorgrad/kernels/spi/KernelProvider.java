package io.vectorgrad.kernels.spi;

import java.util.Locale;
import java.util.Optional;

/**
 * The set of kernel implementations in use, chosen once per JVM (the Lucene
 * {@code VectorizationProvider} pattern). The Panama provider is loaded reflectively so that only
 * {@code io.vectorgrad.kernels.panama} needs {@code jdk.incubator.vector}.
 *
 * <p>{@code -Dvectorgrad.kernels=scalar|panama} forces a provider; {@code panama} fails loudly when the
 * incubator module is missing. Without the property, Panama is used when available, otherwise scalar
 * with one WARN line that names the missing JVM flag.
 */
public abstract class KernelProvider {
  /** System property that forces a provider. */
  public static final String PROVIDER_PROPERTY = "vectorgrad.kernels";

  static final String PANAMA_CLASS = "io.vectorgrad.kernels.panama.PanamaKernelProvider";
  static final String VECTOR_MODULE = "jdk.incubator.vector";

  /** Short name: {@code "scalar"} or {@code "panama"}. */
  public abstract String name();

  public abstract GemmSupport gemm();

  public abstract ElementwiseSupport elementwise();

  public abstract ActivationSupport activations();

  /** Bits of one vector register as the kernels use it (32 for the scalar kernels: one float). */
  public abstract int vectorBits();

  /** Floats per vector ({@code vectorBits / 32}). */
  public int vectorLanes() {
    return vectorBits() / Float.SIZE;
  }

  /** The blocked GEMM's register tile, cache blocking and path thresholds; empty when it has none (scalar). */
  public abstract Optional<GemmBlocking> gemmBlocking();

  @Override
  public String toString() {
    return name();
  }

  /** The provider of this JVM. */
  public static KernelProvider get() {
    return Holder.INSTANCE;
  }

  /** A new scalar provider, for tests and benchmarks that compare against it. */
  public static KernelProvider scalar() {
    return new io.vectorgrad.kernels.scalar.ScalarKernelProvider();
  }

  /**
   * A new Panama provider.
   *
   * @throws UnsupportedOperationException when {@code jdk.incubator.vector} is not in the boot layer
   */
  public static KernelProvider panama() {
    if (!vectorModulePresent()) {
      throw new UnsupportedOperationException("The Panama kernels need the " + VECTOR_MODULE
          + " module: start the JVM with --add-modules " + VECTOR_MODULE);
    }
    try {
      return (KernelProvider) Class.forName(PANAMA_CLASS).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      // name the root cause: e.g. a bad -Dvectorgrad.gemm.* value fails the Panama class initialisation
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      throw new UnsupportedOperationException("Could not load the Panama kernels (" + PANAMA_CLASS + ")"
          + (root.getMessage() == null ? "" : ": " + root.getMessage()), e);
    }
  }

  static boolean vectorModulePresent() {
    return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
  }

  static KernelProvider lookup(String forced) {
    if (forced != null && !forced.isBlank()) {
      switch (forced.trim().toLowerCase(Locale.ROOT)) {
        case "scalar":
          return scalar();
        case "panama":
          return panama();
        default:
          throw new IllegalArgumentException("-D" + PROVIDER_PROPERTY + "=" + forced
              + " is not a kernel provider: expected 'scalar' or 'panama'");
      }
    }
    if (!vectorModulePresent()) {
      System.getLogger(KernelProvider.class.getName()).log(System.Logger.Level.WARNING,
          "jdk.incubator.vector is not available; vectorgrad falls back to scalar kernels, which are much "
              + "slower. Start the JVM with --add-modules jdk.incubator.vector to use the SIMD kernels.");
      return scalar();
    }
    return panama();
  }

  private static final class Holder {
    static final KernelProvider INSTANCE = lookup(System.getProperty(PROVIDER_PROPERTY));
  }
}
