package io.vectorgrad.training.loss;

import io.vectorgrad.kernels.Elementwise;
import io.vectorgrad.training.model.Activation;

/**
 * Cross-entropy after a softmax output: {@code L = (1/m)·Σ_rows −Σ_j y_j·log softmax(z)_j}, computed from
 * the logits with log-sum-exp ({@code log Σ e^z = max + log Σ e^(z − max)}), so it never overflows and a
 * confident wrong answer gives a large finite loss instead of ∞. Fused gradient {@code dL/dz = a − y}.
 */
public final class SoftmaxCrossEntropy implements Loss {
  public static final SoftmaxCrossEntropy INSTANCE = new SoftmaxCrossEntropy();

  @Override
  public String spec() {
    return "softmax-ce";
  }

  @Override
  public void checkCompatible(Activation outputActivation) {
    if (outputActivation != Activation.SOFTMAX) {
      throw new IllegalArgumentException("loss softmax-ce needs a softmax output layer, but the model ends with "
          + outputActivation.spec() + " (use bce with a sigmoid output, or mse)");
    }
  }

  @Override
  public boolean fusedWith(Activation outputActivation) {
    return outputActivation == Activation.SOFTMAX;
  }

  @Override
  public double value(float[] output, float[] logits, float[] target, int rows, int cols) {
    Losses.check(output, target, rows, cols);
    Losses.checkLogits(logits, rows, cols);
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < cols; j++) {
        max = Math.max(max, logits[o + j]);
      }
      double s = 0;
      for (int j = 0; j < cols; j++) {
        s += Math.exp(logits[o + j] - max);
      }
      double lse = max + Math.log(s);
      for (int j = 0; j < cols; j++) {
        float y = target[o + j];
        if (y != 0f) {
          sum += y * (lse - logits[o + j]);
        }
      }
    }
    return rows == 0 ? 0 : sum / rows;
  }

  @Override
  public void gradient(float[] output, float[] target, float[] grad, int rows, int cols) {
    Losses.check(output, target, rows, cols);
    Elementwise.sub(output, 0, target, 0, grad, 0, rows * cols);
  }

  @Override
  public String toString() {
    return spec();
  }
}
