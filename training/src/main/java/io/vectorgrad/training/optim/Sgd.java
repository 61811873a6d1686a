package io.vectorgrad.training.optim;

import io.vectorgrad.kernels.Elementwise;

/**
 * Plain stochastic gradient descent: {@code p ← p − lr·g}, with L2 weight decay {@code g ← g + λ·p} when
 * λ &gt; 0. Stateless apart from the step count.
 */
public final class Sgd extends AbstractOptimizer {
  public Sgd(float learningRate) {
    this(learningRate, 0f);
  }

  /** With L2 weight decay {@code weightDecay} (λ). */
  public Sgd(float learningRate, float weightDecay) {
    super(learningRate, 0, weightDecay);
  }

  @Override
  public String spec() {
    return "sgd";
  }

  @Override
  protected void update(int tensor, float[] p, float[] g, float lr, int from, int to) {
    Elementwise.axpy(-lr, g, from, p, from, to - from);
  }
}
