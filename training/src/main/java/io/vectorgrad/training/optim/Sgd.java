package io.vectorgrad.training.optim;

import io.vectorgrad.kernels.Elementwise;

/** Plain stochastic gradient descent: {@code p ← p − lr·g}. Stateless apart from the step count. */
public final class Sgd extends AbstractOptimizer {
  public Sgd(float learningRate) {
    super(learningRate, 0);
  }

  @Override
  public String spec() {
    return "sgd";
  }

  @Override
  protected void update(int tensor, float[] p, float[] g, float lr) {
    Elementwise.axpy(-lr, g, 0, p, 0, p.length);
  }
}
