package io.vectorgrad.training.optim;

import io.vectorgrad.kernels.Elementwise;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter): {@code p ← p·(1 − lr·λ)}, then the Adam
 * update. The decay applies to every tensor, biases included (as PyTorch does when given all parameters).
 */
public final class AdamW extends Adam {
  private final float weightDecay;

  public AdamW(float learningRate, float beta1, float beta2, float epsilon, float weightDecay) {
    super(learningRate, beta1, beta2, epsilon);
    this.weightDecay = checkRange("weightDecay", weightDecay, 0, 1);
  }

  /** β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0.01 (PyTorch's defaults). */
  public AdamW(float learningRate) {
    this(learningRate, 0.9f, 0.999f, 1e-8f, 0.01f);
  }

  public float weightDecay() {
    return weightDecay;
  }

  @Override
  public String spec() {
    return "adamw";
  }

  @Override
  void decay(float[] p, float lr, int from, int to) {
    if (weightDecay != 0f) {
      Elementwise.scale(1f - lr * weightDecay, p, from, p, from, to - from);
    }
  }
}
