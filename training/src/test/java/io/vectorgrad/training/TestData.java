package io.vectorgrad.training;

import io.vectorgrad.training.data.ArrayDataset;
import java.util.SplittableRandom;

/** Small seeded data sets built in the tests. */
public final class TestData {
  private TestData() {}

  /** XOR with one-hot targets over 2 classes, each corner repeated {@code copies} times. */
  public static ArrayDataset xor(int copies) {
    float[] f = new float[4 * copies * 2];
    int[] l = new int[4 * copies];
    for (int c = 0; c < copies; c++) {
      for (int i = 0; i < 4; i++) {
        int s = c * 4 + i;
        f[2 * s] = i & 1;
        f[2 * s + 1] = (i >> 1) & 1;
        l[s] = (i & 1) ^ ((i >> 1) & 1);
      }
    }
    return ArrayDataset.classification("xor", f, 2, l, 2, true);
  }

  /** XOR with a single 0/1 target for a sigmoid output. */
  public static ArrayDataset xorBinary(int copies) {
    ArrayDataset d = xor(copies);
    float[] f = new float[d.size() * 2];
    int[] l = new int[d.size()];
    for (int i = 0; i < d.size(); i++) {
      d.features(i, f, 2 * i);
      l[i] = d.label(i);
    }
    return ArrayDataset.classification("xor-binary", f, 2, l, 2, false);
  }

  /** {@code classes} interleaved spirals of {@code perClass} points with a little noise. */
  public static ArrayDataset spirals(int perClass, int classes, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = perClass * classes;
    float[] f = new float[2 * n];
    int[] l = new int[n];
    for (int c = 0; c < classes; c++) {
      for (int i = 0; i < perClass; i++) {
        int s = c * perClass + i;
        double t = (double) i / perClass;
        double radius = t;
        double angle = c * 2 * Math.PI / classes + t * 1.5 * Math.PI + r.nextGaussian() * 0.05;
        f[2 * s] = (float) (radius * Math.cos(angle));
        f[2 * s + 1] = (float) (radius * Math.sin(angle));
        l[s] = c;
      }
    }
    return ArrayDataset.classification("spirals", f, 2, l, classes, true);
  }

  public static float[] randomArray(int n, long seed, double scale) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) ((2 * r.nextDouble() - 1) * scale);
    }
    return a;
  }

  /** Random one-hot rows. */
  public static float[] oneHot(int rows, int cols, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = new float[rows * cols];
    for (int i = 0; i < rows; i++) {
      a[i * cols + r.nextInt(cols)] = 1f;
    }
    return a;
  }

  /** Random 0/1 entries. */
  public static float[] binary(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextBoolean() ? 1f : 0f;
    }
    return a;
  }
}
