package io.vectorgrad.training.data;

import java.util.Objects;

/** A data set held in two flat arrays: features {@code [size × featureCount]}, targets {@code [size × targetWidth]}. */
public final class ArrayDataset implements Dataset {
  private final String name;
  private final int size;
  private final int featureCount;
  private final int targetWidth;
  private final int classCount;
  private final float[] features;
  private final float[] targets;
  private final int[] labels;

  private ArrayDataset(String name, int size, int featureCount, int targetWidth, int classCount,
      float[] features, float[] targets, int[] labels) {
    this.name = Objects.requireNonNull(name, "name");
    this.size = size;
    this.featureCount = featureCount;
    this.targetWidth = targetWidth;
    this.classCount = classCount;
    this.features = features;
    this.targets = targets;
    this.labels = labels;
  }

  /**
   * A classification data set. With {@code classCount == 2} and {@code oneHot == false} the target is one
   * float (0 or 1), for a single sigmoid output; otherwise it is one-hot over {@code classCount} outputs.
   * The arrays are used as given (not copied).
   */
  public static ArrayDataset classification(String name, float[] features, int featureCount, int[] labels,
      int classCount, boolean oneHot) {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(labels, "labels");
    if (featureCount < 1) {
      throw new IllegalArgumentException("featureCount=" + featureCount + ": expected >= 1");
    }
    if (classCount < 2) {
      throw new IllegalArgumentException("classCount=" + classCount + ": expected >= 2");
    }
    if (!oneHot && classCount != 2) {
      throw new IllegalArgumentException("a single 0/1 target needs classCount=2, got " + classCount);
    }
    if ((long) labels.length * featureCount != features.length) {
      throw new IllegalArgumentException("features.length=" + features.length + " is not labels.length="
          + labels.length + " × featureCount=" + featureCount);
    }
    int width = oneHot ? classCount : 1;
    float[] targets = new float[Math.multiplyExact(labels.length, width)];
    for (int i = 0; i < labels.length; i++) {
      int l = labels[i];
      if (l < 0 || l >= classCount) {
        throw new IllegalArgumentException("label " + l + " of sample " + i + " is outside [0, " + classCount + ")");
      }
      if (oneHot) {
        targets[i * width + l] = 1f;
      } else {
        targets[i] = l;
      }
    }
    return new ArrayDataset(name, labels.length, featureCount, width, classCount, features, targets, labels);
  }

  /** A regression data set; the arrays are used as given. */
  public static ArrayDataset regression(String name, float[] features, int featureCount, float[] targets,
      int targetWidth) {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(targets, "targets");
    if (featureCount < 1 || targetWidth < 1) {
      throw new IllegalArgumentException("featureCount=" + featureCount + ", targetWidth=" + targetWidth
          + ": expected both >= 1");
    }
    if (features.length % featureCount != 0) {
      throw new IllegalArgumentException("features.length=" + features.length + " is not a multiple of featureCount="
          + featureCount);
    }
    int size = features.length / featureCount;
    if ((long) size * targetWidth != targets.length) {
      throw new IllegalArgumentException("targets.length=" + targets.length + " is not size=" + size
          + " × targetWidth=" + targetWidth);
    }
    return new ArrayDataset(name, size, featureCount, targetWidth, 0, features, targets, null);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int featureCount() {
    return featureCount;
  }

  @Override
  public int targetWidth() {
    return targetWidth;
  }

  @Override
  public int classCount() {
    return classCount;
  }

  @Override
  public void features(int index, float[] dst, int dstOff) {
    Objects.checkIndex(index, size);
    System.arraycopy(features, index * featureCount, dst, dstOff, featureCount);
  }

  @Override
  public void target(int index, float[] dst, int dstOff) {
    Objects.checkIndex(index, size);
    System.arraycopy(targets, index * targetWidth, dst, dstOff, targetWidth);
  }

  @Override
  public int label(int index) {
    if (labels == null) {
      throw new UnsupportedOperationException(name + " is a regression data set: it has no class labels");
    }
    return labels[Objects.checkIndex(index, size)];
  }
}
