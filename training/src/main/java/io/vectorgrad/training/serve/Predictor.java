package io.vectorgrad.training.serve;

import io.vectorgrad.training.model.Model;
import java.util.Objects;

/**
 * Thread-safe inference for services. Each calling thread gets its own workspace (two buffers of
 * {@code maxBatch × widest layer} floats, created on its first call), so a warm call allocates
 * nothing. With the default {@code threads = 1} GEMMs run on the calling thread only (a single sample is too
 * small to split); the m = 1 case is a matrix-vector product, which the GEMM kernels special-case.
 *
 * <p>Outputs are bit-identical to the training-time forward pass for the same batch layout (same kernels,
 * same order; dropout is the identity at inference). The predictor reads the model's live parameters:
 * do not train the same model concurrently (predict from {@link Model#copy()} instead).
 */
public final class Predictor {
  /** Default largest batch per {@link #predictBatch} call. */
  public static final int DEFAULT_MAX_BATCH = 64;

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

  /** The predicted class of one sample (argmax, or {@code >= 0.5} for a single output). */
  public int predictClass(float[] in, float[] out) {
    predict(in, out);
    return Model.predictedClass(out, 0, outputSize);
  }
}
