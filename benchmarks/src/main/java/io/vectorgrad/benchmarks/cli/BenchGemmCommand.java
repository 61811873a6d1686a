package io.vectorgrad.benchmarks.cli;

import io.vectorgrad.benchmarks.report.GemmMeasurement;
import io.vectorgrad.benchmarks.report.Samples;
import io.vectorgrad.kernels.Kernels;
import io.vectorgrad.training.io.OutputPaths;
import io.vectorgrad.training.spec.HeapBudget;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vectorgrad bench gemm ...}: a quick sgemm measurement (a warm-up, then repeated timed runs; the
 * median and spread in GFLOPS), one line on stdout and optionally a JSON report.
 */
@Command(name = "gemm", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"C = op(A)·op(B), row-major, alpha 1, beta 0. Prints the median GFLOPS (2mnk/time) of the timed"
        + " runs after a warm-up. Several --impl values are measured side by side, their runs interleaved, so a busy"
        + " machine slows all of them alike.",
        "openblas: netlib NativeBLAS; its thread count is set through jdk.incubator.foreign"
            + " (VECTORGRAD_JAVA_OPTS='--add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED') or"
            + " taken from OPENBLAS_NUM_THREADS. netlib-java and scalar are single-threaded (--threads 1)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {ExitCodes.OK_TEXT, ExitCodes.FAILURE_TEXT, ExitCodes.USAGE_TEXT})
final class BenchGemmCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--m", paramLabel = "M", required = true, description = "Rows of C.")
  @Bounds(min = 1, max = 1 << 15)
  int m;

  @Option(names = "--n", paramLabel = "N", required = true, description = "Columns of C.")
  @Bounds(min = 1, max = 1 << 15)
  int n;

  @Option(names = "--k", paramLabel = "K", required = true, description = "The inner dimension.")
  @Bounds(min = 1, max = 1 << 15)
  int k;

  @Option(names = "--trans-a", description = "Use A transposed.")
  boolean transA;

  @Option(names = "--trans-b", description = "Use B transposed.")
  boolean transB;

  @Option(names = "--threads", paramLabel = "T", description = "GEMM threads (default: -Dvectorgrad.threads or"
      + " the number of processors; 1 for scalar and netlib-java).")
  @Bounds(min = 1, max = 1024)
  Integer threads;

  @Option(names = "--impl", paramLabel = "I[,I...]", split = ",", defaultValue = "panama",
      completionCandidates = Candidates.GemmImpls.class,
      description = "Implementations: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  List<String> impls;

  @Option(names = "--runs", paramLabel = "R", defaultValue = "11", description = "Timed runs (default ${DEFAULT-VALUE}).")
  @Bounds(min = 1, max = 1000)
  int runs;

  @Option(names = "--warmup-ms", paramLabel = "MS", defaultValue = "2000",
      description = "Warm-up time (default ${DEFAULT-VALUE}).")
  @Bounds(min = 0, max = 600_000)
  long warmupMs;

  @Option(names = "--clock", paramLabel = "C", defaultValue = "wall", description = "wall or cpu: cpu times the"
      + " calling thread's CPU time (only with --threads 1; robust against other processes).")
  String clock;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON to FILE.")
  Path json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean singleThreadedOnly = true;
    for (String impl : impls) {
      if (!Candidates.GemmImpls.NAMES.contains(impl)) {
        throw new UsageException("--impl " + String.join(",", impls) + ": '" + impl + "' is not one of: "
            + String.join(", ", Candidates.GemmImpls.NAMES));
      }
      singleThreadedOnly &= impl.equals("scalar") || impl.equals("netlib-java");
    }
    int t = threads != null ? threads : singleThreadedOnly ? 1 : Kernels.defaultThreads();
    for (String impl : impls) {
      if (t != 1 && (impl.equals("scalar") || impl.equals("netlib-java"))) {
        throw new UsageException("--impl " + impl + " is single-threaded: expected --threads 1");
      }
    }
    if (!clock.equals("wall") && !clock.equals("cpu")) {
      throw new UsageException("--clock " + clock + " is not one of: wall, cpu");
    }
    boolean cpuClock = clock.equals("cpu");
    if (cpuClock && t != 1) {
      throw new UsageException("--clock cpu measures the calling thread only: expected --threads 1");
    }
    new OutputPaths().output("--json", json).check();
    HeapBudget.require("gemm m=" + m + " n=" + n + " k=" + k + " for " + impls.size() + " implementation(s)",
        HeapBudget.product(impls.size(), (long) m * k + (long) k * n + (long) m * n, 4));
    String ompWait = System.getenv("OMP_WAIT_POLICY");
    if (t > 1 && impls.size() > 1 && impls.contains("openblas") && !"PASSIVE".equalsIgnoreCase(ompWait)) {
      // OpenMP's spinning idle threads take the cores from the runs that alternate with OpenBLAS's
      err.println("warning: OMP_WAIT_POLICY is " + (ompWait == null ? "unset" : ompWait) + ": OpenBLAS's idle"
          + " OpenMP threads spin between its runs and slow the others down; the vectorgrad launcher sets PASSIVE");
    }
    GemmMeasurement.Problem p = new GemmMeasurement.Problem(m, n, k, transA, transB, t);
    Runnable[] calls = new Runnable[impls.size()];
    for (int i = 0; i < calls.length; i++) {
      calls[i] = GemmMeasurement.prepare(p, impls.get(i));
    }
    double[][] gflops = GemmMeasurement.measure(calls, p, runs, warmupMs, cpuClock);
    List<Map<String, Object>> results = new ArrayList<>();
    for (int i = 0; i < calls.length; i++) {
      double[] g = gflops[i];
      double median = Samples.medianOfSorted(g);
      out.printf(Locale.ROOT, "gemm %s m=%d n=%d k=%d %s%s threads=%d: median %.2f GFLOPS (min %.2f, max %.2f, %d runs%s)%n",
          impls.get(i), m, n, k, transA ? "T" : "N", transB ? "T" : "N", t, median, g[0], g[g.length - 1], g.length,
          cpuClock ? ", CPU time" : "");
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("m", m);
      report.put("n", n);
      report.put("k", k);
      report.put("trans_a", transA);
      report.put("trans_b", transB);
      report.put("threads", t);
      report.put("impl", impls.get(i));
      report.put("gflops_median", median);
      report.put("gflops_min", g[0]);
      report.put("gflops_max", g[g.length - 1]);
      report.put("runs", g.length);
      report.put("clock", clock);
      report.put("omp_wait_policy", ompWait == null ? "" : ompWait);
      report.put("java", System.getProperty("java.vm.version"));
      report.put("machine", io.vectorgrad.kernels.KernelInfo.current().toMap());
      results.add(report);
    }
    if (json != null) {
      if (results.size() == 1) {
        JsonOut.write(json, results.get(0));
      } else {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("m", m);
        all.put("n", n);
        all.put("k", k);
        all.put("threads", t);
        all.put("machine", io.vectorgrad.kernels.KernelInfo.current().toMap());
        all.put("results", results);
        JsonOut.write(json, all);
      }
    }
    return ExitCodes.OK;
  }
}
