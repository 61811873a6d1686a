package io.vectorgrad.training.loss;

import io.vectorgrad.kernels.Elementwise;
import io.vectorgrad.training.model.Activation;

/** {@code L = (1/m)·Σ_rows ½‖a − y‖²}; {@code dL/da = a − y} per sample. Works after any activation. */
public final class MeanSquaredError implements Loss {
  public static final MeanSquaredError INSTANCE = new MeanSquaredError();

  @Override
  public String spec() {
    return "mse";
  }

  @Override
  public void checkCompatible(Activation outputActivation) {
    // any output activation: the gradient goes through its backward
  }

  @Override
  public boolean fusedWith(Activation outputActivation) {
    return false;
  }

  @Override
  public double value(float[] output, float[] logits, float[] target, int rows, int cols) {
    Losses.check(output, target, rows, cols);
    double sum = 0;
    int n = rows * cols;
    for (int i = 0; i < n; i++) {
      double d = (double) output[i] - target[i];
      sum += d * d;
    }
    return rows == 0 ? 0 : 0.5 * sum / rows;
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
