package io.vectorgrad.benchmarks.report;

import dev.ludovic.netlib.blas.BLAS;
import io.vectorgrad.benchmarks.NetlibBlas;
import io.vectorgrad.kernels.Gemm;
import io.vectorgrad.kernels.spi.GemmSupport;
import io.vectorgrad.kernels.spi.KernelProvider;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Random;

/**
 * The quick sgemm measurement behind {@code vectorgrad bench gemm}: C = op(A)·op(B), row-major, alpha 1,
 * beta 0, for one of {@code panama}, {@code scalar}, {@code openblas} (netlib's native BLAS) or
 * {@code netlib-java}; a warm-up, then timed runs interleaved across implementations.
 */
public final class GemmMeasurement {
  /** Each timed run repeats the call until it has taken at least this long. */
  public static final long MIN_RUN_NANOS = 50_000_000L;

  private GemmMeasurement() {}

  /** One sgemm problem. */
  public record Problem(int m, int n, int k, boolean transA, boolean transB, int threads) {}

  /** A call of {@code impl} on seeded random matrices of {@code p}. */
  public static Runnable prepare(Problem p, String impl) {
    Random random = new Random(42);
    float[] a = Samples.uniform(random, p.m() * p.k());
    float[] b = Samples.uniform(random, p.k() * p.n());
    float[] c = new float[p.m() * p.n()];
    int lda = p.transA() ? p.m() : p.k();
    int ldb = p.transB() ? p.k() : p.n();
    switch (impl) {
      case "panama":
      case "scalar": {
        GemmSupport gemm = impl.equals("panama") ? panama() : KernelProvider.scalar().gemm();
        return () -> Gemm.sgemm(gemm, p.transA(), p.transB(), p.m(), p.n(), p.k(), 1f, a, 0, lda, b, 0, ldb, 0f, c, 0,
            p.n(), p.threads());
      }
      case "openblas": {
        String[] why = new String[1];
        BLAS blas = NetlibBlas.nativeBlas(why).orElseThrow(() -> new IllegalStateException(why[0]));
        String problem = NetlibBlas.setOpenBlasThreads(p.threads());
        if (problem != null) {
          throw new IllegalStateException(problem);
        }
        return () -> NetlibBlas.sgemmRowMajor(blas, p.transA(), p.transB(), p.m(), p.n(), p.k(), 1f, a, lda, b, ldb,
            0f, c, p.n());
      }
      case "netlib-java": {
        BLAS blas = NetlibBlas.java();
        return () -> NetlibBlas.sgemmRowMajor(blas, p.transA(), p.transB(), p.m(), p.n(), p.k(), 1f, a, lda, b, ldb,
            0f, c, p.n());
      }
      default:
        throw new IllegalArgumentException("unknown GEMM implementation '" + impl + "'");
    }
  }

  private static GemmSupport panama() {
    try {
      return KernelProvider.panama().gemm();
    } catch (UnsupportedOperationException e) {
      throw new IllegalStateException("--impl panama: " + e.getMessage(), e);
    }
  }

  /**
   * Warm-up for {@code warmupMs} (each implementation in turn), then {@code runs} rounds in which every
   * implementation does one timed run; GFLOPS per run, sorted, per implementation.
   */
  public static double[][] measure(Runnable[] calls, Problem p, int runs, long warmupMs, boolean cpuClock) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double flop = 2.0 * p.m() * p.n() * p.k();
    int[] reps = new int[calls.length];
    long warmEnd = System.nanoTime() + warmupMs * 1_000_000L;
    do {
      for (int i = 0; i < calls.length; i++) {
        long t0 = System.nanoTime();
        calls[i].run();
        long dt = Math.max(1, System.nanoTime() - t0);
        reps[i] = (int) Math.max(1, Math.min(1_000_000, MIN_RUN_NANOS / dt));
      }
    } while (System.nanoTime() < warmEnd);
    double[][] gflops = new double[calls.length][runs];
    for (int r = 0; r < runs; r++) {
      for (int i = 0; i < calls.length; i++) {
        long t0 = cpuClock ? mx.getCurrentThreadCpuTime() : System.nanoTime();
        for (int q = 0; q < reps[i]; q++) {
          calls[i].run();
        }
        long t1 = cpuClock ? mx.getCurrentThreadCpuTime() : System.nanoTime();
        gflops[i][r] = flop * reps[i] / Math.max(1, t1 - t0);
      }
    }
    for (double[] g : gflops) {
      Arrays.sort(g);
    }
    return gflops;
  }
}
