package io.vectorgrad.training.optim;

import io.vectorgrad.kernels.Elementwise;

/**
 * SGD with momentum (PyTorch's formulation): {@code v ← μ·v + g}, then {@code p ← p − lr·v}, or with
 * Nesterov {@code p ← p − lr·(g + μ·v)}, evaluated as two kernel passes {@code p ← p − lr·g − (lr·μ)·v}
 * (the same value up to rounding). L2 weight decay, when λ &gt; 0, adds {@code λ·p} to {@code g} first
 * (PyTorch's {@code weight_decay}). State: one velocity per parameter, zero at binding.
 */
public final class Momentum extends AbstractOptimizer {
  private final float momentum;
  private final boolean nesterov;

  public Momentum(float learningRate, float momentum, boolean nesterov) {
    this(learningRate, momentum, nesterov, 0f);
  }

  /** With L2 weight decay {@code weightDecay} (λ). */
  public Momentum(float learningRate, float momentum, boolean nesterov, float weightDecay) {
    super(learningRate, 1, weightDecay);
    this.momentum = checkRange("momentum", momentum, 0, 0.999999);
    this.nesterov = nesterov;
  }

  /** Momentum 0.9. */
  public Momentum(float learningRate, boolean nesterov) {
    this(learningRate, 0.9f, nesterov);
  }

  public float momentum() {
    return momentum;
  }

  public boolean nesterov() {
    return nesterov;
  }

  @Override
  public String spec() {
    return nesterov ? "nesterov" : "momentum";
  }

  @Override
  protected void update(int tensor, float[] p, float[] g, float lr, int from, int to) {
    float[] v = state[0][tensor];
    int n = to - from;
    Elementwise.scale(momentum, v, from, v, from, n);
    Elementwise.add(v, from, g, from, v, from, n);
    if (nesterov) {
      Elementwise.axpy(-lr, g, from, p, from, n);
      Elementwise.axpy(-lr * momentum, v, from, p, from, n);
    } else {
      Elementwise.axpy(-lr, v, from, p, from, n);
    }
  }
}
