package io.vectorgrad.training.loss;

import java.util.Objects;

/** Argument checks shared by the losses (names and lookup: {@code io.vectorgrad.training.spec.LossPairing}). */
public final class Losses {
  private Losses() {}

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
