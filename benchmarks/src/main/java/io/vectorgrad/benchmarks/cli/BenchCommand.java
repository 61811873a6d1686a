package io.vectorgrad.benchmarks.cli;

import io.vectorgrad.benchmarks.report.Samples;
import dev.ludovic.netlib.blas.BLAS;
import io.vectorgrad.benchmarks.NetlibBlas;
import io.vectorgrad.kernels.Gemm;
import io.vectorgrad.kernels.spi.GemmSupport;
import io.vectorgrad.kernels.spi.KernelProvider;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
  static final Set<String> VALUE_FLAGS = Set.of("m", "n", "k", "threads", "impl", "json", "runs", "warmup-ms",
      "clock");
  static final String[] IMPLS = {"panama", "scalar", "openblas", "netlib-java"};
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
        + "                             [--impl panama|scalar|openblas|netlib-java[,...]] [--runs R]\n"
        + "                             [--warmup-ms MS] [--clock wall|cpu] [--json FILE]\n"
        + "  C = op(A)·op(B), row-major, alpha 1, beta 0. Prints the median GFLOPS (2mnk/time) of R timed runs\n"
        + "  (default 11) after a warm-up (default 2000 ms). Several --impl values (comma-separated) are\n"
        + "  measured side by side, their runs interleaved, so a busy machine slows all of them alike.\n"
        + "  --clock cpu times with the calling thread's CPU time (only with --threads 1; robust against other\n"
        + "  processes). --threads defaults to -Dvectorgrad.threads or the\n"
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
    Runnable[] calls = new Runnable[cfg.impls.length];
    for (int i = 0; i < calls.length; i++) {
      calls[i] = prepare(cfg, cfg.impls[i]);
    }
    double[][] gflops = measure(calls, cfg);
    List<Map<String, Object>> results = new ArrayList<>();
    for (int i = 0; i < calls.length; i++) {
      double[] g = gflops[i];
      double median = Samples.medianOfSorted(g);
      out.printf(Locale.ROOT, "gemm %s m=%d n=%d k=%d %s%s threads=%d: median %.2f GFLOPS (min %.2f, max %.2f, %d runs%s)%n",
          cfg.impls[i], cfg.m, cfg.n, cfg.k, cfg.transA ? "T" : "N", cfg.transB ? "T" : "N", cfg.threads, median,
          g[0], g[g.length - 1], g.length, cfg.cpuClock ? ", CPU time" : "");
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("m", cfg.m);
      report.put("n", cfg.n);
      report.put("k", cfg.k);
      report.put("trans_a", cfg.transA);
      report.put("trans_b", cfg.transB);
      report.put("threads", cfg.threads);
      report.put("impl", cfg.impls[i]);
      report.put("gflops_median", median);
      report.put("gflops_min", g[0]);
      report.put("gflops_max", g[g.length - 1]);
      report.put("runs", g.length);
      report.put("clock", cfg.cpuClock ? "cpu" : "wall");
      report.put("java", System.getProperty("java.vm.version"));
      results.add(report);
    }
    if (cfg.json != null) {
      if (results.size() == 1) {
        JsonOut.write(cfg.json, results.get(0));
      } else {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("m", cfg.m);
        all.put("n", cfg.n);
        all.put("k", cfg.k);
        all.put("threads", cfg.threads);
        all.put("results", results);
        JsonOut.write(cfg.json, all);
      }
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
    String[] impls;
    boolean cpuClock;
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
      c.impls = args.string("impl", "panama").split(",", -1);
      boolean singleThreadedOnly = true;
      for (String impl : c.impls) {
        if (!Arrays.asList(IMPLS).contains(impl)) {
          throw new UsageException("bench gemm: --impl " + args.string("impl", "") + ": '" + impl
              + "' is not one of: " + String.join(", ", IMPLS));
        }
        singleThreadedOnly &= impl.equals("scalar") || impl.equals("netlib-java");
      }
      int defaultThreads = singleThreadedOnly ? 1 : io.vectorgrad.kernels.Kernels.defaultThreads();
      c.threads = args.integer("threads", defaultThreads, 1, 1024);
      for (String impl : c.impls) {
        if (c.threads != 1 && (impl.equals("scalar") || impl.equals("netlib-java"))) {
          throw new UsageException("bench gemm: --impl " + impl + " is single-threaded: expected --threads 1");
        }
      }
      c.cpuClock = args.choice("clock", "wall", "wall", "cpu").equals("cpu");
      if (c.cpuClock && c.threads != 1) {
        throw new UsageException("bench gemm: --clock cpu measures the calling thread only: expected --threads 1");
      }
      c.runs = args.integer("runs", 11, 1, 1000);
      c.warmupMs = args.longValue("warmup-ms", 2000, 0, 600_000);
      c.json = args.has("json") ? Path.of(args.string("json", null)) : null;
      return c;
    }
  }

  private static Runnable prepare(Config cfg, String impl) {
    Random random = new Random(42);
    float[] a = Samples.uniform(random, cfg.m * cfg.k);
    float[] b = Samples.uniform(random, cfg.k * cfg.n);
    float[] c = new float[cfg.m * cfg.n];
    int lda = cfg.transA ? cfg.m : cfg.k;
    int ldb = cfg.transB ? cfg.k : cfg.n;
    switch (impl) {
      case "panama":
      case "scalar": {
        GemmSupport gemm = impl.equals("panama") ? panama() : KernelProvider.scalar().gemm();
        return () -> Gemm.sgemm(gemm, cfg.transA, cfg.transB, cfg.m, cfg.n, cfg.k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0,
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

  /**
   * Warm-up for {@code warmupMs} (each implementation in turn), then {@code runs} rounds in which every
   * implementation does one timed run; GFLOPS per run, sorted, per implementation.
   */
  static double[][] measure(Runnable[] calls, Config cfg) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double flop = 2.0 * cfg.m * cfg.n * cfg.k;
    int[] reps = new int[calls.length];
    long warmEnd = System.nanoTime() + cfg.warmupMs * 1_000_000L;
    do {
      for (int i = 0; i < calls.length; i++) {
        long t0 = System.nanoTime();
        calls[i].run();
        long dt = Math.max(1, System.nanoTime() - t0);
        reps[i] = (int) Math.max(1, Math.min(1_000_000, MIN_RUN_NANOS / dt));
      }
    } while (System.nanoTime() < warmEnd);
    double[][] gflops = new double[calls.length][cfg.runs];
    for (int r = 0; r < cfg.runs; r++) {
      for (int i = 0; i < calls.length; i++) {
        long t0 = cfg.cpuClock ? mx.getCurrentThreadCpuTime() : System.nanoTime();
        for (int q = 0; q < reps[i]; q++) {
          calls[i].run();
        }
        long t1 = cfg.cpuClock ? mx.getCurrentThreadCpuTime() : System.nanoTime();
        gflops[i][r] = flop * reps[i] / Math.max(1, t1 - t0);
      }
    }
    for (double[] g : gflops) {
      Arrays.sort(g);
    }
    return gflops;
  }
}
