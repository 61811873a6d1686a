package io.vectorgrad.benchmarks.report;

import java.util.Random;

/** Small helpers shared by the CLI measurements and the JMH benchmarks. */
public final class Samples {
  private Samples() {}

  /** The median of ascending-sorted values (the mean of the middle two for an even count). */
  public static double medianOfSorted(double[] sorted) {
    int n = sorted.length;
    if (n == 0) {
      throw new IllegalArgumentException("the median of no values");
    }
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** {@code size} floats uniform in [−1, 1) from {@code random} (seeded by the caller). */
  public static float[] uniform(Random random, int size) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = random.nextFloat() * 2f - 1f;
    }
    return x;
  }
}
