package io.vectorgrad.training.optim;

/**
 * Adam (Kingma &amp; Ba), in PyTorch's form: {@code m ← β1·m + (1−β1)·g}, {@code v ← β2·v + (1−β2)·g²},
 * {@code p ← p − (lr/(1−β1ᵗ))·m / (√v/√(1−β2ᵗ) + ε)}. State: two moments per parameter. The update is a
 * plain fused loop: no kernel combines these five operations, and one pass over memory beats five.
 */
public class Adam extends AbstractOptimizer {
  final float beta1;
  final float beta2;
  final float epsilon;
  private float stepSize;
  private float invSqrtBc2;

  public Adam(float learningRate, float beta1, float beta2, float epsilon) {
    super(learningRate, 2);
    this.beta1 = checkRange("beta1", beta1, 0, 0.999999);
    this.beta2 = checkRange("beta2", beta2, 0, 0.99999999);
    if (!(epsilon > 0f)) {
      throw new IllegalArgumentException("epsilon=" + epsilon + ": expected > 0");
    }
    this.epsilon = epsilon;
  }

  /** β1 = 0.9, β2 = 0.999, ε = 1e-8. */
  public Adam(float learningRate) {
    this(learningRate, 0.9f, 0.999f, 1e-8f);
  }

  @Override
  public String spec() {
    return "adam";
  }

  @Override
  protected void beginStep(long t) {
    double bc1 = 1 - Math.pow(beta1, t);
    double bc2 = 1 - Math.pow(beta2, t);
    stepSize = (float) (1 / bc1);
    invSqrtBc2 = (float) (1 / Math.sqrt(bc2));
  }

  @Override
  protected void update(int tensor, float[] p, float[] g, float lr, int from, int to) {
    decay(p, lr, from, to);
    float[] m = state[0][tensor];
    float[] v = state[1][tensor];
    float b1 = beta1;
    float b2 = beta2;
    float c1 = 1f - b1;
    float c2 = 1f - b2;
    float step = lr * stepSize;
    float s2 = invSqrtBc2;
    float eps = epsilon;
    for (int i = from; i < to; i++) {
      float gi = g[i];
      float mi = b1 * m[i] + c1 * gi;
      float vi = b2 * v[i] + c2 * gi * gi;
      m[i] = mi;
      v[i] = vi;
      p[i] -= step * (mi / ((float) Math.sqrt(vi) * s2 + eps));
    }
  }

  /** Hook for AdamW's decoupled weight decay, applied before the Adam update. */
  void decay(float[] p, float lr, int from, int to) {}
}
