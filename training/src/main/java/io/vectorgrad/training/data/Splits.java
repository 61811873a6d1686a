package io.vectorgrad.training.data;

import java.util.Objects;
import java.util.Random;

/** Seeded train/test splits and index subsets of data sets (copies, so the parts are independent). */
public final class Splits {
  private Splits() {}

  /** The two parts of a split. */
  public static final class Split {
    private final ArrayDataset train;
    private final ArrayDataset test;

    Split(ArrayDataset train, ArrayDataset test) {
      this.train = train;
      this.test = test;
    }

    public ArrayDataset train() {
      return train;
    }

    public ArrayDataset test() {
      return test;
    }
  }

  /**
   * Shuffles the sample indices with {@code seed} and puts {@code round(testFraction × size)} of them (at
   * least one and at most {@code size − 1}) in the test part, the rest in the training part. Same seed, same
   * split.
   */
  public static Split split(Dataset ds, double testFraction, long seed) {
    Objects.requireNonNull(ds, "ds");
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException("testFraction=" + testFraction + ": expected a value strictly between 0 and 1");
    }
    int n = ds.size();
    if (n < 2) {
      throw new IllegalArgumentException(ds.name() + " has " + n + " sample(s): a split needs at least 2");
    }
    int testSize = (int) Math.max(1, Math.min(n - 1, Math.round(testFraction * n)));
    int[] order = permutation(n, seed);
    int[] testIdx = new int[testSize];
    int[] trainIdx = new int[n - testSize];
    System.arraycopy(order, 0, testIdx, 0, testSize);
    System.arraycopy(order, testSize, trainIdx, 0, n - testSize);
    java.util.Arrays.sort(testIdx); // keep the original order inside each part
    java.util.Arrays.sort(trainIdx);
    return new Split(subset(ds, trainIdx, ds.name() + "/train"), subset(ds, testIdx, ds.name() + "/test"));
  }

  /** A seeded Fisher–Yates permutation of {@code 0 .. n-1}. */
  public static int[] permutation(int n, long seed) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    Random rnd = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** A copy of the samples {@code indices} of {@code ds}, in that order, with the same kind of targets. */
  public static ArrayDataset subset(Dataset ds, int[] indices, String name) {
    int f = ds.featureCount();
    int w = ds.targetWidth();
    int m = indices.length;
    float[] x = new float[Math.multiplyExact(m, f)];
    for (int i = 0; i < m; i++) {
      ds.features(indices[i], x, i * f);
    }
    if (ds.classCount() > 0) {
      int[] y = new int[m];
      for (int i = 0; i < m; i++) {
        y[i] = ds.label(indices[i]);
      }
      return ArrayDataset.classification(name, x, f, y, ds.classCount(), w != 1);
    }
    float[] t = new float[Math.multiplyExact(m, w)];
    for (int i = 0; i < m; i++) {
      ds.target(indices[i], t, i * w);
    }
    return ArrayDataset.regression(name, x, f, t, w);
  }
}
