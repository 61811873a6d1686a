package io.vectorgrad.training.data;

import java.util.Random;

/** The XOR problem: the four corners of the unit square, class 1 where exactly one coordinate is 1. */
public final class Xor {
  private Xor() {}

  /** The four points once, with one-hot targets over two classes. */
  public static ArrayDataset create() {
    return create(1, 0, 0, true);
  }

  /**
   * {@code replicas} copies of the four points, each coordinate moved by Gaussian noise of standard deviation
   * {@code noise} (0 gives exact copies), from a seeded generator.
   *
   * @param oneHot true for two one-hot outputs (softmax), false for one 0/1 target (sigmoid + BCE)
   */
  public static ArrayDataset create(int replicas, double noise, long seed, boolean oneHot) {
    if (replicas < 1) {
      throw new IllegalArgumentException("replicas=" + replicas + ": expected >= 1");
    }
    if (!(noise >= 0) || Double.isInfinite(noise)) {
      throw new IllegalArgumentException("noise=" + noise + ": expected a finite value >= 0");
    }
    int n = Math.multiplyExact(replicas, 4);
    float[] x = new float[2 * n];
    int[] y = new int[n];
    Random rnd = new Random(seed);
    for (int r = 0, i = 0; r < replicas; r++) {
      for (int corner = 0; corner < 4; corner++, i++) {
        int a = corner >> 1;
        int b = corner & 1;
        x[2 * i] = (float) (a + noise * rnd.nextGaussian());
        x[2 * i + 1] = (float) (b + noise * rnd.nextGaussian());
        y[i] = a ^ b;
      }
    }
    return ArrayDataset.classification("xor", x, 2, y, 2, oneHot);
  }
}
