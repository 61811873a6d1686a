package io.vectorgrad.training.data;

/**
 * A finite, indexable set of samples: each has {@link #featureCount()} input floats and a target of
 * {@link #targetWidth()} floats. For classification ({@link #classCount()} {@code > 0}) the target is the
 * one-hot encoding of {@link #label(int)} (or a single 0/1 value for binary problems with one output).
 * Implementations are immutable and safe to read from several threads.
 */
public interface Dataset {
  /** Human-readable name, e.g. {@code spirals} or {@code fashion-mnist/train}. */
  String name();

  int size();

  int featureCount();

  int targetWidth();

  /** Number of classes, or 0 for regression targets. */
  int classCount();

  /** Copies the features of sample {@code index} to {@code dst[dstOff .. dstOff + featureCount())}. */
  void features(int index, float[] dst, int dstOff);

  /** Copies the target of sample {@code index} to {@code dst[dstOff .. dstOff + targetWidth())}. */
  void target(int index, float[] dst, int dstOff);

  /**
   * The class of sample {@code index}.
   *
   * @throws UnsupportedOperationException for regression data sets
   */
  int label(int index);
}
