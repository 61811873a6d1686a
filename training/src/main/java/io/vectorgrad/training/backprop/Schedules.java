package io.vectorgrad.training.backprop;

/** Shared argument checks for schedule implementations. */
public final class Schedules {
  private Schedules() {}

  /** {@code widths} must describe at least one block of positive widths; {@code batchSize >= 1}. */
  public static void checkShape(int[] widths, int batchSize) {
    if (widths == null || widths.length < 2) {
      throw new IllegalArgumentException("widths must list at least 2 boundaries (1 block), got "
          + (widths == null ? "null" : widths.length));
    }
    for (int b = 0; b < widths.length; b++) {
      if (widths[b] < 1) {
        throw new IllegalArgumentException("widths[" + b + "]=" + widths[b] + ": expected >= 1");
      }
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize=" + batchSize + ": expected >= 1");
    }
  }
}
