package io.vectorgrad.training.data;

import java.util.Random;

/**
 * {@code k} interleaved 2-D spiral arms, one per class, generated from a seed: the embedded default data set.
 * Point {@code i} of arm {@code c} lies at radius {@code r = (i + 1) / n} and angle
 * {@code 2πc/k + TURNS·2π·r} plus Gaussian angle noise scaled by {@code noise}; coordinates are in [-1, 1].
 * No straight line separates the arms, so a hidden layer is needed, and a small MLP reaches high accuracy
 * in seconds.
 */
public final class Spirals {
  /** How many times each arm winds around the centre. */
  public static final double TURNS = 1.0;
  public static final int DEFAULT_CLASSES = 3;
  public static final int DEFAULT_POINTS_PER_CLASS = 600;
  public static final double DEFAULT_NOISE = 0.2;

  private Spirals() {}

  /** The default: 3 arms of 600 points, noise 0.2, one-hot targets. */
  public static ArrayDataset create(long seed) {
    return create(DEFAULT_CLASSES, DEFAULT_POINTS_PER_CLASS, DEFAULT_NOISE, seed);
  }

  /** {@code classes} arms of {@code pointsPerClass} points with one-hot targets. */
  public static ArrayDataset create(int classes, int pointsPerClass, double noise, long seed) {
    if (classes < 2) {
      throw new IllegalArgumentException("classes=" + classes + ": expected >= 2");
    }
    if (pointsPerClass < 1) {
      throw new IllegalArgumentException("pointsPerClass=" + pointsPerClass + ": expected >= 1");
    }
    if (!(noise >= 0) || Double.isInfinite(noise)) {
      throw new IllegalArgumentException("noise=" + noise + ": expected a finite value >= 0");
    }
    int n = Math.multiplyExact(classes, pointsPerClass);
    float[] x = new float[Math.multiplyExact(n, 2)];
    int[] y = new int[n];
    Random rnd = new Random(seed);
    for (int c = 0, i = 0; c < classes; c++) {
      for (int p = 0; p < pointsPerClass; p++, i++) {
        double r = (p + 1) / (double) pointsPerClass;
        double angle = 2 * Math.PI * c / classes + TURNS * 2 * Math.PI * r + noise * rnd.nextGaussian();
        x[2 * i] = (float) (r * Math.cos(angle));
        x[2 * i + 1] = (float) (r * Math.sin(angle));
        y[i] = c;
      }
    }
    return ArrayDataset.classification("spirals", x, 2, y, classes, true);
  }
}
