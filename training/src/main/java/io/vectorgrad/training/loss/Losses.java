package io.vectorgrad.training.loss;

import java.util.Objects;

/** Loss lookup by spec string. */
public final class Losses {
  private Losses() {}

  /** {@code mse}, {@code bce} or {@code softmax-ce} (case-insensitive). */
  public static Loss fromSpec(String spec) {
    String s = spec == null ? "" : spec.trim().toLowerCase(java.util.Locale.ROOT);
    switch (s) {
      case "mse": return MeanSquaredError.INSTANCE;
      case "bce": return BinaryCrossEntropy.INSTANCE;
      case "softmax-ce": return SoftmaxCrossEntropy.INSTANCE;
      default:
        throw new IllegalArgumentException("unknown loss '" + spec + "': expected mse, bce or softmax-ce");
    }
  }

  static void check(float[] output, float[] target, int rows, int cols) {
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(target, "target");
    if (rows < 0 || cols < 1) {
      throw new IllegalArgumentException("rows=" + rows + ", cols=" + cols + ": expected rows >= 0, cols >= 1");
    }
    long n = (long) rows * cols;
    if (output.length < n || target.length < n) {
      throw new IllegalArgumentException("output (" + output.length + ") and target (" + target.length
          + ") must hold rows×cols = " + rows + "×" + cols + " = " + n + " floats");
    }
  }

  static void checkLogits(float[] logits, int rows, int cols) {
    if (logits == null || logits.length < (long) rows * cols) {
      throw new IllegalArgumentException("this loss is computed from the output layer's logits: expected "
          + rows + "×" + cols + " logits, got " + (logits == null ? "null" : logits.length + " floats"));
    }
  }
}
