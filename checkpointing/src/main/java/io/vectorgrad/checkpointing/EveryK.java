package io.vectorgrad.checkpointing;

/**
 * Keeps the input of every k-th block (blocks 0, k, 2k, …) and the output; on backward recomputes each
 * segment but the last once from its checkpoint (the last segment's activations stay from the forward pass,
 * which costs no extra peak memory: its backward comes first). Recomputed layer forwards:
 * {@code (⌈n/k⌉ − 1)·(k − 1)}.
 */
public final class EveryK extends PlannedSchedule {
  private final int k;

  /** @throws IllegalArgumentException when {@code k < 1} */
  public EveryK(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("every:" + k + ": k must be at least 1 (and at most the depth)");
    }
    this.k = k;
  }

  public int k() {
    return k;
  }

  @Override
  public String spec() {
    return "every:" + k;
  }

  @Override
  ActionPlan actions(int[] widths, int batchSize) {
    int n = widths.length - 1;
    if (k > n) {
      throw new IllegalArgumentException(spec() + ": k must be between 1 and " + n + " (depth)");
    }
    return segments(n, checkpoints(n, k));
  }

  static int[] checkpoints(int n, int k) {
    int[] c = new int[(n + k - 1) / k];
    for (int i = 0; i < c.length; i++) {
      c[i] = i * k;
    }
    return c;
  }
}
