package io.vectorgrad.checkpointing;

/**
 * Chen et al. (2016): every-k with {@code k = ⌈√n⌉}, so about √n checkpoints plus one recomputed segment
 * of about √n buffers are live, for at most one extra forward pass.
 */
public final class SqrtN extends PlannedSchedule {
  public static final SqrtN INSTANCE = new SqrtN();

  private SqrtN() {}

  @Override
  public String spec() {
    return "sqrt";
  }

  /** {@code ⌈√n⌉} for {@code n >= 1}, computed exactly in integers. */
  public static int k(int n) {
    int k = (int) Math.sqrt(n);
    while ((long) k * k < n) {
      k++;
    }
    while (k > 1 && (long) (k - 1) * (k - 1) >= n) {
      k--;
    }
    return k;
  }

  @Override
  ActionPlan actions(int[] widths, int batchSize) {
    int n = widths.length - 1;
    return segments(n, EveryK.checkpoints(n, k(n)));
  }
}
