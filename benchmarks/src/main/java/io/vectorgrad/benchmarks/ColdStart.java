package io.vectorgrad.benchmarks;

import io.vectorgrad.benchmarks.report.Samples;
import io.vectorgrad.kernels.Kernels;
import io.vectorgrad.training.io.ModelFiles;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.serve.Predictor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

/**
 * Serving from a cold start, measured in the JVM it runs in (so run it in a fresh one): JVM start to
 * {@code main}, model load, optional {@link Predictor#warmUp}, the first call's latency, calls 2–10, the warm
 * p50/p99 (the second half of the calls) and the time from model load until a 100-call window's median is
 * within 1.2× the warm p50. No JMH: the point is the first calls of a process, which JMH discards.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/vectorgrad.jar \
 *     io.vectorgrad.benchmarks.ColdStart [--warm-up] [--budget-ms=N] [--calls=N] [--batch=R] [--max-batch=N]
 *     [--model=FILE]
 * </pre>
 *
 * The predictor is built with {@code --max-batch} (default {@link Predictor#DEFAULT_MAX_BATCH}), which is
 * what its warm-up covers. Without {@code --model} it saves the 784-256-128-10 (ReLU, ReLU, softmax) model of {@link BenchmarkPredictor}
 * to a temporary file first, outside the timings, and loads that. Prints {@code key=value} lines.
 */
public final class ColdStart {
  private ColdStart() {}

  /** Calls per window of the steady-state search. */
  static final int WINDOW = 100;
  /** A window is steady when its median is within this factor of the warm p50. */
  static final double STEADY_FACTOR = 1.2;

  public static void main(String[] args) throws IOException {
    long mainNanos = System.nanoTime();
    long jvmToMainMillis = ManagementFactory.getRuntimeMXBean().getUptime();
    boolean warmUp = false;
    Duration budget = Predictor.DEFAULT_WARM_UP_BUDGET;
    int calls = 20_000;
    int batch = 1;
    int maxBatch = Predictor.DEFAULT_MAX_BATCH;
    Path modelFile = null;
    for (String a : args) {
      if (a.equals("--warm-up")) {
        warmUp = true;
      } else if (a.equals("--no-warm-up")) {
        warmUp = false;
      } else if (a.startsWith("--budget-ms=")) {
        budget = Duration.ofMillis(positive(a));
      } else if (a.startsWith("--calls=")) {
        calls = positive(a);
      } else if (a.startsWith("--batch=")) {
        batch = positive(a);
      } else if (a.startsWith("--max-batch=")) {
        maxBatch = positive(a);
      } else if (a.startsWith("--model=")) {
        modelFile = Path.of(a.substring("--model=".length()));
      } else {
        usage("unknown argument '" + a + "'");
      }
    }
    if (batch > maxBatch) {
      usage("--batch=" + batch + ": expected at most --max-batch=" + maxBatch);
    }
    if (calls < 4 * WINDOW) {
      usage("--calls=" + calls + ": expected at least " + 4 * WINDOW);
    }
    Path temp = null;
    if (modelFile == null) {
      temp = Files.createTempFile("vectorgrad-coldstart", ".safetensors");
      ModelFiles.save(Model.builder(784).dense(256, Activation.RELU).dense(128, Activation.RELU)
          .dense(10, Activation.SOFTMAX).build(42), temp);
      modelFile = temp;
    }
    try {
      run(modelFile, warmUp, budget, calls, batch, maxBatch, jvmToMainMillis, mainNanos);
    } finally {
      if (temp != null) {
        Files.deleteIfExists(temp);
      }
    }
  }

  private static void run(Path modelFile, boolean warmUp, Duration budget, int calls, int batch, int maxBatch,
      long jvmToMainMillis, long mainNanos) throws IOException {
    long loadStart = System.nanoTime();
    Model model = ModelFiles.load(modelFile);
    Predictor p = new Predictor(model, maxBatch, 1);
    long loaded = System.nanoTime();
    // the requests, made before warm-up (made after it, they would evict the weights from the caches before
    // the first call); their time is taken out of the load-to-result figures
    int samples = 64;
    float[] data = Samples.uniform(new Random(7), samples * batch * p.inputSize());
    long untimed = System.nanoTime() - loaded; // later timestamps are shifted back by this
    Predictor.WarmUpReport report = warmUp ? p.warmUp(budget) : null;
    long warmed = System.nanoTime() - untimed;

    float[] in = new float[batch * p.inputSize()];
    float[] out = new float[batch * p.outputSize()];
    long[] latency = new long[calls];
    long[] end = new long[calls];
    for (int c = 0; c < calls; c++) {
      System.arraycopy(data, (c % samples) * in.length, in, 0, in.length);
      long t0 = System.nanoTime();
      p.predictBatch(in, batch, out);
      long t1 = System.nanoTime();
      latency[c] = t1 - t0;
      end[c] = t1 - untimed;
    }

    double[] warm = new double[calls / 2];
    for (int c = calls - warm.length, i = 0; c < calls; c++, i++) {
      warm[i] = latency[c];
    }
    Arrays.sort(warm);
    double p50 = Samples.medianOfSorted(warm);
    double p99 = warm[(int) Math.min(warm.length - 1, Math.ceil(0.99 * warm.length) - 1)];
    int steadyAt = -1;
    double[] window = new double[WINDOW];
    for (int c = 0; c + WINDOW <= calls; c += WINDOW / 4) {
      for (int i = 0; i < WINDOW; i++) {
        window[i] = latency[c + i];
      }
      Arrays.sort(window);
      if (Samples.medianOfSorted(window) <= STEADY_FACTOR * p50) {
        steadyAt = c;
        break;
      }
    }
    double mean2to10 = 0;
    for (int c = 1; c < 10; c++) {
      mean2to10 += latency[c] / 9.0;
    }

    print("java", System.getProperty("java.vm.name") + " " + Runtime.version());
    print("jvm_flags", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    print("provider", Kernels.providerName());
    print("model", model.toString() + " from " + modelFile.getFileName());
    print("batch_rows", Integer.toString(batch));
    print("max_batch", Integer.toString(maxBatch));
    print("jvm_start_to_main_ms", Long.toString(jvmToMainMillis));
    print("main_to_load_ms", ms(loadStart - mainNanos));
    print("model_load_ms", ms(loaded - loadStart));
    if (report != null) {
      print("warm_up_ms", ms(warmed - loaded));
      print("warm_up_calls", Long.toString(report.calls()));
      print("warm_up_stopped_by", report.budgetExhausted() ? "budget " + budget.toMillis() + " ms" : "jit quiet");
    }
    print("first_call_us", us(latency[0]));
    print("calls_2_to_10_mean_us", us(mean2to10));
    print("load_to_first_result_ms", ms(end[0] - loadStart));
    print("warm_p50_us", us(p50));
    print("warm_p99_us", us(p99));
    print("first_call_over_warm_p50", String.format("%.1f", latency[0] / p50));
    print("load_to_steady_ms", steadyAt < 0 ? "not reached" : ms(end[steadyAt + WINDOW - 1] - loadStart));
    print("steady_from_call", steadyAt < 0 ? "not reached" : Integer.toString(steadyAt + 1));
  }

  private static void print(String key, String value) {
    System.out.println(key + "=" + value);
  }

  private static String ms(double nanos) {
    return String.format("%.1f", nanos / 1e6);
  }

  private static String us(double nanos) {
    return String.format("%.1f", nanos / 1e3);
  }

  private static int positive(String arg) {
    String v = arg.substring(arg.indexOf('=') + 1);
    try {
      int n = Integer.parseInt(v);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    usage(arg + ": expected a positive integer");
    return 0;
  }

  private static void usage(String problem) {
    System.err.println("ColdStart: " + problem + "\nusage: ColdStart [--warm-up|--no-warm-up] [--budget-ms=N] "
        + "[--calls=N (>= " + 4 * WINDOW + ")] [--batch=R] [--max-batch=N] [--model=FILE.safetensors]");
    System.exit(2);
  }
}
