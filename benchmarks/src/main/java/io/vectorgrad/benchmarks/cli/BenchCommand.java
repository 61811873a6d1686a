package io.vectorgrad.benchmarks.cli;

import dev.ludovic.netlib.blas.BLAS;
import io.vectorgrad.benchmarks.NetlibBlas;
import io.vectorgrad.kernels.Gemm;
import io.vectorgrad.kernels.spi.GemmSupport;
import io.vectorgrad.kernels.spi.KernelProvider;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * {@code vectorgrad bench gemm ...}: a quick sgemm measurement (a warm-up, then repeated timed runs; the
 * median and spread in GFLOPS), one line on stdout and optionally a JSON report. For side-by-side numbers
 * use {@code vectorgrad jmh BenchmarkGemm}.
 */
final class BenchCommand implements Command {
  static final Set<String> VALUE_FLAGS = Set.of("m", "n", "k", "threads", "impl", "json", "runs", "warmup-ms");
  static final Set<String> BOOLEAN_FLAGS = Set.of("trans-a", "trans-b");
  /** Each timed run repeats the call until it has taken at least this long. */
  static final long MIN_RUN_NANOS = 50_000_000L;

  @Override
  public String name() {
    return "bench";
  }

  @Override
  public String summary() {
    return "Quick kernel measurements (bench gemm ...), GFLOPS as JSON.";
  }

  @Override
  public String usage() {
    return "usage: vectorgrad bench gemm --m M --n N --k K [--trans-a] [--trans-b] [--threads T]\n"
        + "                             [--impl panama|scalar|openblas|netlib-java] [--runs R]\n"
        + "                             [--warmup-ms MS] [--json FILE]\n"
        + "  C = op(A)·op(B), row-major, alpha 1, beta 0. Prints the median GFLOPS (2mnk/time) of R timed runs\n"
        + "  (default 11) after a warm-up (default 2000 ms). --threads defaults to -Dvectorgrad.threads or the\n"
        + "  number of processors. openblas: netlib NativeBLAS; its thread count is set through\n"
        + "  jdk.incubator.foreign (VECTORGRAD_JAVA_OPTS='--add-modules jdk.incubator.foreign\n"
        + "  --enable-native-access=ALL-UNNAMED') or taken from OPENBLAS_NUM_THREADS.\n"
        + "  netlib-java and scalar are single-threaded (--threads must be 1).";
  }

  @Override
  public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
    if (argv.length == 0 || !argv[0].equals("gemm")) {
      throw new UsageException("bench: expected a kernel name: 'bench gemm --m M --n N --k K ...'"
          + (argv.length == 0 ? "" : " (got '" + argv[0] + "')"));
    }
    Args args = Args.parse("bench gemm", Arrays.copyOfRange(argv, 1, argv.length), VALUE_FLAGS, BOOLEAN_FLAGS);
    if (!args.positional().isEmpty()) {
      throw new UsageException("bench gemm: unexpected argument '" + args.positional().get(0) + "'");
    }
    Config cfg = Config.of(args);
    Runnable call = prepare(cfg);
    double[] gflops = measure(call, cfg);
    double median = median(gflops);
    out.printf(Locale.ROOT, "gemm %s m=%d n=%d k=%d %s%s threads=%d: median %.2f GFLOPS (min %.2f, max %.2f, %d runs)%n",
        cfg.impl, cfg.m, cfg.n, cfg.k, cfg.transA ? "T" : "N", cfg.transB ? "T" : "N", cfg.threads, median,
        gflops[0], gflops[gflops.length - 1], gflops.length);
    if (cfg.json != null) {
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("m", cfg.m);
      report.put("n", cfg.n);
      report.put("k", cfg.k);
      report.put("trans_a", cfg.transA);
      report.put("trans_b", cfg.transB);
      report.put("threads", cfg.threads);
      report.put("impl", cfg.impl);
      report.put("gflops_median", median);
      report.put("gflops_min", gflops[0]);
      report.put("gflops_max", gflops[gflops.length - 1]);
      report.put("runs", gflops.length);
      report.put("java", System.getProperty("java.vm.version"));
      JsonOut.write(cfg.json, report);
    }
    return 0;
  }

  /** The validated flags. */
  static final class Config {
    int m;
    int n;
    int k;
    boolean transA;
    boolean transB;
    int threads;
    String impl;
    int runs;
    long warmupMs;
    Path json;

    static Config of(Args args) {
      Config c = new Config();
      c.m = args.integer("m", -1, 1, 1 << 15);
      c.n = args.integer("n", -1, 1, 1 << 15);
      c.k = args.integer("k", -1, 1, 1 << 15);
      for (String f : new String[] {"m", "n", "k"}) {
        args.required(f);
      }
      if ((long) c.m * c.k > Integer.MAX_VALUE / 2 || (long) c.k * c.n > Integer.MAX_VALUE / 2
          || (long) c.m * c.n > Integer.MAX_VALUE / 2) {
        throw new UsageException("bench gemm: --m/--n/--k give a matrix of more than 2^30 floats");
      }
      c.transA = args.flag("trans-a");
      c.transB = args.flag("trans-b");
      c.impl = args.choice("impl", "panama", "panama", "scalar", "openblas", "netlib-java");
      int defaultThreads = c.impl.equals("scalar") || c.impl.equals("netlib-java") ? 1
          : io.vectorgrad.kernels.Kernels.defaultThreads();
      c.threads = args.integer("threads", defaultThreads, 1, 1024);
      if (c.threads != 1 && (c.impl.equals("scalar") || c.impl.equals("netlib-java"))) {
        throw new UsageException("bench gemm: --impl " + c.impl + " is single-threaded: expected --threads 1");
      }
      c.runs = args.integer("runs", 11, 1, 1000);
      c.warmupMs = args.longValue("warmup-ms", 2000, 0, 600_000);
      c.json = args.has("json") ? Path.of(args.string("json", null)) : null;
      return c;
    }
  }

  private static Runnable prepare(Config cfg) {
    Random random = new Random(42);
    float[] a = random(random, cfg.m * cfg.k);
    float[] b = random(random, cfg.k * cfg.n);
    float[] c = new float[cfg.m * cfg.n];
    int lda = cfg.transA ? cfg.m : cfg.k;
    int ldb = cfg.transB ? cfg.k : cfg.n;
    switch (cfg.impl) {
      case "panama":
      case "scalar": {
        GemmSupport impl = cfg.impl.equals("panama") ? panama() : KernelProvider.scalar().gemm();
        return () -> Gemm.sgemm(impl, cfg.transA, cfg.transB, cfg.m, cfg.n, cfg.k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0,
            cfg.n, cfg.threads);
      }
      case "openblas": {
        String[] why = new String[1];
        BLAS blas = NetlibBlas.nativeBlas(why).orElseThrow(() -> new IllegalStateException(why[0]));
        String problem = NetlibBlas.setOpenBlasThreads(cfg.threads);
        if (problem != null) {
          throw new IllegalStateException(problem);
        }
        return () -> NetlibBlas.sgemmRowMajor(blas, cfg.transA, cfg.transB, cfg.m, cfg.n, cfg.k, 1f, a, lda, b, ldb,
            0f, c, cfg.n);
      }
      default: {
        BLAS blas = NetlibBlas.java();
        return () -> NetlibBlas.sgemmRowMajor(blas, cfg.transA, cfg.transB, cfg.m, cfg.n, cfg.k, 1f, a, lda, b, ldb,
            0f, c, cfg.n);
      }
    }
  }

  private static GemmSupport panama() {
    try {
      return KernelProvider.panama().gemm();
    } catch (UnsupportedOperationException e) {
      throw new IllegalStateException("--impl panama: " + e.getMessage(), e);
    }
  }

  /** Warm-up for {@code warmupMs}, then {@code runs} timed runs; GFLOPS per run, sorted. */
  static double[] measure(Runnable call, Config cfg) {
    double flop = 2.0 * cfg.m * cfg.n * cfg.k;
    long warmEnd = System.nanoTime() + cfg.warmupMs * 1_000_000L;
    int reps = 1;
    do {
      long t0 = System.nanoTime();
      call.run();
      long dt = Math.max(1, System.nanoTime() - t0);
      reps = (int) Math.max(1, Math.min(1_000_000, MIN_RUN_NANOS / dt));
    } while (System.nanoTime() < warmEnd);
    double[] gflops = new double[cfg.runs];
    for (int r = 0; r < cfg.runs; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < reps; i++) {
        call.run();
      }
      gflops[r] = flop * reps / (System.nanoTime() - t0);
    }
    Arrays.sort(gflops);
    return gflops;
  }

  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static float[] random(Random random, int size) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = random.nextFloat() * 2f - 1f;
    }
    return x;
  }
}
