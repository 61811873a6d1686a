package io.vectorgrad.benchmarks;

import io.vectorgrad.benchmarks.report.Samples;
import dev.ludovic.netlib.blas.BLAS;
import io.vectorgrad.kernels.Gemm;
import io.vectorgrad.kernels.spi.GemmSupport;
import io.vectorgrad.kernels.spi.KernelProvider;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * sgemm in one JMH run: vectorgrad (Panama provider), the vectorgrad scalar provider, netlib's pure-Java
 * BLAS ({@code JavaBLAS.getInstance()} = {@code VectorBLAS}) and OpenBLAS through netlib's
 * {@code NativeBLAS}, on the shapes of issue 2. Throughput mode: the {@code ·gflop} secondary result is GFLOPS
 * ({@code 2mnk} per call, as a rate). Shapes are {@code MxNxK} plus the transposes of A and B
 * ({@code N}/{@code T}): 1024³, 512³ and the 784-256 Dense layer at batch 128 — forward
 * {@code Z = A·Wᵀ}, weight gradient {@code dZᵀ·A}, input gradient {@code dZ·W}.
 *
 * <p>{@code vectorgrad} and {@code openblas} run on 1 and 2 threads; OpenBLAS's count is set in each fork
 * with {@code openblas_set_num_threads} ({@link NetlibBlas#setOpenBlasThreads}). The scalar provider and
 * netlib's Java BLAS are single-threaded. Without OpenBLAS the {@code openblas} cases fail their setup with
 * a message saying why; the others still run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// jdk.incubator.foreign (OpenBLAS thread count) exists only on JDK 17-18; ./vectorgrad adds it to the host JVM
// there, and JMH forks inherit the host's flags
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class BenchmarkGemm {
  /** Counts GFLOP per call; JMH reports it as a rate, i.e. GFLOPS. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Flops {
    public double gflop;
  }

  /** Operands of one shape, seeded. */
  abstract static class Operands {
    boolean transA;
    boolean transB;
    int m;
    int n;
    int k;
    float[] a;
    float[] b;
    float[] c;
    int lda;
    int ldb;
    double gflop;

    void init(String shape) {
      String[] mnk = shape.substring(0, shape.length() - 2).split("x");
      m = Integer.parseInt(mnk[0]);
      n = Integer.parseInt(mnk[1]);
      k = Integer.parseInt(mnk[2]);
      transA = shape.charAt(shape.length() - 2) == 'T';
      transB = shape.charAt(shape.length() - 1) == 'T';
      Random random = new Random(42);
      a = Samples.uniform(random, m * k);
      b = Samples.uniform(random, k * n);
      c = new float[m * n];
      lda = transA ? m : k;
      ldb = transB ? k : n;
      gflop = 2e-9 * m * n * k;
    }
  }

  /** Shapes for the multi-threaded implementations. */
  @State(Scope.Benchmark)
  public static class Threaded extends Operands {
    @Param({"1024x1024x1024NN", "512x512x512NN", "128x256x784NT", "256x784x128TN", "128x784x256NN"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    GemmSupport panama;
    BLAS openblas;
    String openblasProblem;

    @Setup(Level.Trial)
    public void setUp() {
      init(shape);
      panama = KernelProvider.get().gemm();
      String[] why = new String[1];
      openblas = NetlibBlas.nativeBlas(why).orElse(null);
      openblasProblem = openblas == null ? why[0] : NetlibBlas.setOpenBlasThreads(threads);
    }
  }

  /** Shapes for the single-threaded baselines. */
  @State(Scope.Benchmark)
  public static class Single extends Operands {
    @Param({"1024x1024x1024NN", "512x512x512NN", "128x256x784NT", "256x784x128TN", "128x784x256NN"})
    public String shape;

    GemmSupport scalar;
    BLAS netlibJava;

    @Setup(Level.Trial)
    public void setUp() {
      init(shape);
      scalar = KernelProvider.scalar().gemm();
      netlibJava = NetlibBlas.java();
    }
  }

  @Benchmark
  public float[] vectorgrad(Threaded s, Flops f) {
    if (!"panama".equals(KernelProvider.get().name())) {
      throw new IllegalStateException("vectorgrad runs the scalar provider: the fork lacks "
          + "--add-modules jdk.incubator.vector");
    }
    Gemm.sgemm(s.panama, s.transA, s.transB, s.m, s.n, s.k, 1f, s.a, 0, s.lda, s.b, 0, s.ldb, 0f, s.c, 0, s.n,
        s.threads);
    f.gflop += s.gflop;
    return s.c;
  }

  @Benchmark
  public float[] openblas(Threaded s, Flops f) {
    if (s.openblasProblem != null) {
      throw new IllegalStateException("skipped: " + s.openblasProblem);
    }
    NetlibBlas.sgemmRowMajor(s.openblas, s.transA, s.transB, s.m, s.n, s.k, 1f, s.a, s.lda, s.b, s.ldb, 0f, s.c,
        s.n);
    f.gflop += s.gflop;
    return s.c;
  }

  @Benchmark
  public float[] scalar(Single s, Flops f) {
    Gemm.sgemm(s.scalar, s.transA, s.transB, s.m, s.n, s.k, 1f, s.a, 0, s.lda, s.b, 0, s.ldb, 0f, s.c, 0, s.n, 1);
    f.gflop += s.gflop;
    return s.c;
  }

  @Benchmark
  public float[] netlibJava(Single s, Flops f) {
    NetlibBlas.sgemmRowMajor(s.netlibJava, s.transA, s.transB, s.m, s.n, s.k, 1f, s.a, s.lda, s.b, s.ldb, 0f, s.c,
        s.n);
    f.gflop += s.gflop;
    return s.c;
  }
}
