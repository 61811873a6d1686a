package io.vectorgrad.training.serve;

import io.vectorgrad.training.model.Model;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Thread-safe inference for services. Each calling thread gets its own workspace (two buffers of
 * {@code maxBatch × widest layer} floats, created on its first call), so a warm call allocates
 * nothing. With the default {@code threads = 1} GEMMs run on the calling thread only (a single sample is too
 * small to split); the m = 1 case is a matrix-vector product, which the GEMM kernels special-case.
 *
 * <p>Outputs are bit-identical to the training-time forward pass for the same batch layout (same kernels,
 * same order; dropout is the identity at inference). The predictor reads the model's live parameters:
 * do not train the same model concurrently (predict from {@link Model#copy()} instead).
 *
 * <p>A fresh JVM runs the first calls interpreted and then through several JIT tiers (the first call can
 * take a thousand times a warm one); {@link #warmUp()} pays that before traffic arrives.
 */
public final class Predictor {
  /** Default largest batch per {@link #predictBatch} call. */
  public static final int DEFAULT_MAX_BATCH = 64;

  /**
   * Upper bound of {@link #warmUp()}; it stops before once the JIT has gone quiet. For 784-256-128-10 on one
   * core of a loaded 2-core Zen 5 VM that took 0.6–1.2 s with maxBatch 1 and 1.2–2 s with maxBatch 64.
   */
  public static final Duration DEFAULT_WARM_UP_BUDGET = Duration.ofSeconds(2);
  /**
   * Single-row calls warm-up makes at least (unless the budget runs out first): past the C2 threshold
   * (Tier4InvocationThreshold, 5000 calls) of the per-call code around the kernels, not only of their loops.
   */
  static final int WARM_UP_MIN_SINGLE_CALLS = 5200;
  /** Single-row calls per warm-up round, after the round's batches. */
  static final int WARM_UP_SINGLE_CALLS_PER_ROUND = 64;
  /** Warm-up stops early once no JIT compilation has happened for this long (after the minimum calls). */
  static final long WARM_UP_QUIET_NANOS = 50_000_000L;

  private final Model model;
  private final int maxBatch;
  private final int threads;
  private final int inputSize;
  private final int outputSize;
  private final ThreadLocal<float[][]> workspaces;

  /** Single-threaded GEMMs, batches up to {@link #DEFAULT_MAX_BATCH}. */
  public Predictor(Model model) {
    this(model, DEFAULT_MAX_BATCH, 1);
  }

  /** {@code threads}: GEMM threads per call (1 for services that are already parallel). */
  public Predictor(Model model, int maxBatch, int threads) {
    this.model = Objects.requireNonNull(model, "model");
    if (maxBatch < 1 || threads < 1) {
      throw new IllegalArgumentException("maxBatch=" + maxBatch + ", threads=" + threads + ": expected both >= 1");
    }
    long workspace = (long) maxBatch * model.maxWidth();
    if (workspace > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxBatch=" + maxBatch + " is too large: a workspace of maxBatch × widest"
          + " layer = " + maxBatch + " × " + model.maxWidth() + " = " + workspace + " floats exceeds one Java array;"
          + " expected maxBatch <= " + (Integer.MAX_VALUE - 8) / model.maxWidth());
    }
    this.maxBatch = maxBatch;
    this.threads = threads;
    this.inputSize = model.inputSize();
    this.outputSize = model.outputSize();
    int size = Math.multiplyExact(maxBatch, model.maxWidth());
    this.workspaces = ThreadLocal.withInitial(() -> new float[][] {new float[size], new float[size]});
  }

  public Model model() {
    return model;
  }

  public int inputSize() {
    return inputSize;
  }

  public int outputSize() {
    return outputSize;
  }

  public int maxBatch() {
    return maxBatch;
  }

  /** One sample: {@code in} has {@code inputSize()} floats, {@code out} receives {@code outputSize()}. */
  public void predict(float[] in, float[] out) {
    predictBatch(in, 1, out);
  }

  /**
   * {@code rows} samples, row-major: {@code in} {@code rows × inputSize()}, {@code out}
   * {@code rows × outputSize()}; {@code 1 <= rows <= maxBatch()}.
   */
  public void predictBatch(float[] in, int rows, float[] out) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    if (rows < 1 || rows > maxBatch) {
      throw new IllegalArgumentException("rows=" + rows + ": expected 1.." + maxBatch
          + " (create the Predictor with a larger maxBatch for bigger batches)");
    }
    if (in.length < rows * inputSize) {
      throw new IllegalArgumentException("input has " + in.length + " floats, expected rows×inputSize = " + rows
          + "×" + inputSize + " = " + rows * inputSize);
    }
    if (out.length < rows * outputSize) {
      throw new IllegalArgumentException("output has " + out.length + " floats, expected rows×outputSize = "
          + rows + "×" + outputSize + " = " + rows * outputSize);
    }
    if (in == out) {
      throw new IllegalArgumentException("in and out must be different arrays");
    }
    float[][] ws = workspaces.get();
    model.forward(in, rows, out, ws[0], ws[1], threads);
  }

  /** What {@link #warmUp} did: predictor calls made, time taken, and whether it stopped at the budget. */
  public record WarmUpReport(long calls, long rows, Duration elapsed, boolean budgetExhausted) {}

  /** {@link #warmUp(Duration)} with {@link #DEFAULT_WARM_UP_BUDGET}. */
  public WarmUpReport warmUp() {
    return warmUp(DEFAULT_WARM_UP_BUDGET);
  }

  /**
   * Drives every kernel path this predictor's calls use until the JIT has compiled them, so that the first
   * real request runs at warm speed: single rows (the matrix-vector path) and batches of 2^k − 1 and 2^k
   * rows up to {@link #maxBatch()} (the GEMM paths and their edge tiles), on seeded inputs in [−1, 1), on
   * the calling thread's workspace and this predictor's GEMM threads. Round r runs the batch sizes up to
   * 2^(r+1) (the big ones start once the small ones have compiled the kernels: an interpreted GEMM call
   * costs a thousand compiled ones), each every {@code max(1, highestOneBit(size) / 4)} rounds (so sizes
   * cost about alike), then {@value #WARM_UP_SINGLE_CALLS_PER_ROUND} single rows. It stops when every batch
   * size has run, at least {@value #WARM_UP_MIN_SINGLE_CALLS} single rows have, and the JVM has compiled
   * nothing for {@value #WARM_UP_QUIET_NANOS} ns; or when {@code budget} is spent (checked between calls, so
   * one slow call can overrun it).
   *
   * <p>Cost grows with {@code maxBatch}: the GEMM path of batches runs interpreted for its first calls,
   * which is most of the time; a service that predicts single samples should build its predictor with
   * {@code maxBatch = 1}.
   *
   * <p>Changes no state that later calls read (parameters are only read; the workspace is scratch), so
   * results are the same bits with or without it. Other threads get their own workspace on their first
   * call, but share the compiled code.
   *
   * @throws IllegalArgumentException when {@code budget} is not positive
   */
  public WarmUpReport warmUp(Duration budget) {
    Objects.requireNonNull(budget, "budget");
    if (budget.isNegative() || budget.isZero()) {
      throw new IllegalArgumentException("warm-up budget " + budget + ": expected a positive duration");
    }
    long start = System.nanoTime();
    long deadline = start + (budget.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1) : budget).toNanos();
    float[] in = new float[maxBatch * inputSize];
    SplittableRandom random = new SplittableRandom(0x5EED);
    for (int i = 0; i < in.length; i++) {
      in[i] = (float) (2 * random.nextDouble() - 1);
    }
    float[] out = new float[maxBatch * outputSize];
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    boolean jitTimed = jit != null && jit.isCompilationTimeMonitoringSupported();
    long lastJitMillis = jitTimed ? jit.getTotalCompilationTime() : 0;
    long quietSince = System.nanoTime();
    int[] batches = warmUpBatches(maxBatch);
    long calls = 0;
    long rows = 0;
    long singles = 0;
    boolean largestRan = batches.length == 0; // sizes first run in ascending order
    for (int round = 0, cap = 2; ; round++, cap = (int) Math.min(Integer.MAX_VALUE, 2L * cap)) {
      // sizes up to cap (doubling per round: big batches first run after small ones compiled the kernels),
      // size s every warmUpPeriod(s) rounds, so that each size costs about the same per round
      for (int size : batches) {
        int period = warmUpPeriod(size);
        if (size <= cap && round % period == period - 1 && System.nanoTime() < deadline) {
          predictBatch(in, size, out);
          calls++;
          rows += size;
          largestRan |= size == batches[batches.length - 1];
        }
      }
      // single rows last, so the caches end up holding what a single request reads
      for (int c = 0; c < WARM_UP_SINGLE_CALLS_PER_ROUND && System.nanoTime() < deadline; c++) {
        predictBatch(in, 1, out);
        calls++;
        rows++;
        singles++;
      }
      long now = System.nanoTime();
      if (now >= deadline) {
        return new WarmUpReport(calls, rows, Duration.ofNanos(now - start), true);
      }
      if (jitTimed) {
        long jitMillis = jit.getTotalCompilationTime();
        if (jitMillis != lastJitMillis) {
          lastJitMillis = jitMillis;
          quietSince = now;
        }
      }
      if (singles >= WARM_UP_MIN_SINGLE_CALLS && largestRan
          && (!jitTimed || now - quietSince >= WARM_UP_QUIET_NANOS)) {
        return new WarmUpReport(calls, rows, Duration.ofNanos(now - start), false);
      }
    }
  }

  /** Rounds between warm-up calls of {@code size} rows: 1 up to 7 rows, then a quarter of the power of two. */
  static int warmUpPeriod(int size) {
    return Math.max(1, Integer.highestOneBit(size) / 4);
  }

  /** Warm-up batch sizes, ascending: 2, then 2^k − 1 and 2^k for 4 <= 2^k <= maxBatch, then maxBatch. */
  static int[] warmUpBatches(int maxBatch) {
    java.util.TreeSet<Integer> sizes = new java.util.TreeSet<>();
    for (long p = 2; p <= maxBatch; p *= 2) {
      sizes.add((int) p);
      sizes.add((int) p - 1);
    }
    sizes.add(maxBatch);
    sizes.remove(1);
    return sizes.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The predicted class of one sample (argmax, or {@code >= 0.5} for a single output). */
  public int predictClass(float[] in, float[] out) {
    predict(in, out);
    return Model.predictedClass(out, 0, outputSize);
  }
}
