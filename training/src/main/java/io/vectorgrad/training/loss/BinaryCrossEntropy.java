package io.vectorgrad.training.loss;

import io.vectorgrad.kernels.Elementwise;
import io.vectorgrad.training.model.Activation;

/**
 * Binary cross-entropy after a sigmoid output, averaged over rows and summed over output columns:
 * {@code L = (1/m)·Σ −[y·log a + (1−y)·log(1−a)]}. Computed from the logits in the stable form
 * {@code max(z,0) − z·y + log(1 + e^−|z|)}; the fused gradient is {@code dL/dz = a − y}.
 */
public final class BinaryCrossEntropy implements Loss {
  public static final BinaryCrossEntropy INSTANCE = new BinaryCrossEntropy();

  @Override
  public String spec() {
    return "bce";
  }

  @Override
  public void checkCompatible(Activation outputActivation) {
    if (outputActivation != Activation.SIGMOID) {
      throw new IllegalArgumentException("loss bce needs a sigmoid output layer, but the model ends with "
          + outputActivation.spec() + " (use mse, or softmax-ce with a softmax output)");
    }
  }

  @Override
  public boolean fusedWith(Activation outputActivation) {
    return outputActivation == Activation.SIGMOID;
  }

  @Override
  public double value(float[] output, float[] logits, float[] target, int rows, int cols) {
    Losses.check(output, target, rows, cols);
    Losses.checkLogits(logits, rows, cols);
    double sum = 0;
    for (int i = 0; i < rows * cols; i++) {
      double z = logits[i];
      sum += Math.max(z, 0) - z * target[i] + Math.log1p(Math.exp(-Math.abs(z)));
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
