package io.vectorgrad.kernels;

import io.vectorgrad.kernels.spi.KernelProvider;

/** Which kernels this JVM runs and with how many threads. */
public final class Kernels {
  /** System property: default number of threads for multi-threaded kernels (GEMM). */
  public static final String THREADS_PROPERTY = "vectorgrad.threads";

  private Kernels() {}

  /** {@code "panama"} or {@code "scalar"}. */
  public static String providerName() {
    return KernelProvider.get().name();
  }

  /**
   * Threads used by {@link Gemm#sgemm} when none are given: {@code -Dvectorgrad.threads=N}, otherwise
   * the number of available processors.
   *
   * @throws IllegalArgumentException when the property is not a positive integer
   */
  public static int defaultThreads() {
    if (ThreadsHolder.THREADS < 1) {
      // re-parse so every call throws a fresh, explanatory exception (not a failed class initialisation)
      return parseThreads(System.getProperty(THREADS_PROPERTY));
    }
    return ThreadsHolder.THREADS;
  }

  static int parseThreads(String value) {
    if (value == null || value.isBlank()) {
      return Runtime.getRuntime().availableProcessors();
    }
    try {
      int t = Integer.parseInt(value.trim());
      if (t >= 1) {
        return t;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("-D" + THREADS_PROPERTY + "=" + value + ": expected a positive integer");
  }

  private static final class ThreadsHolder {
    /** The parsed property, or 0 when it is invalid. */
    static final int THREADS = parseOrZero(System.getProperty(THREADS_PROPERTY));

    private static int parseOrZero(String value) {
      try {
        return parseThreads(value);
      } catch (IllegalArgumentException e) {
        return 0;
      }
    }
  }
}
