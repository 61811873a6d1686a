package io.vectorgrad.training.data;

/**
 * Per-feature standardisation {@code (x − mean) / std}, fitted on one data set (the training part) and
 * applied to others with the same statistics, so no information leaks from the test part. Constant features
 * (std 0) are only centred.
 */
public final class Standardizer {
  private final float[] mean;
  private final float[] scale;

  private Standardizer(float[] mean, float[] scale) {
    this.mean = mean;
    this.scale = scale;
  }

  /** Computes the mean and standard deviation of every feature of {@code ds} (in double). */
  public static Standardizer fit(Dataset ds) {
    int f = ds.featureCount();
    int n = ds.size();
    if (n < 1) {
      throw new IllegalArgumentException(ds.name() + " is empty: nothing to fit");
    }
    double[] sum = new double[f];
    double[] sq = new double[f];
    float[] row = new float[f];
    for (int i = 0; i < n; i++) {
      ds.features(i, row, 0);
      for (int j = 0; j < f; j++) {
        sum[j] += row[j];
      }
    }
    float[] mean = new float[f];
    for (int j = 0; j < f; j++) {
      mean[j] = (float) (sum[j] / n);
    }
    for (int i = 0; i < n; i++) {
      ds.features(i, row, 0);
      for (int j = 0; j < f; j++) {
        double d = row[j] - (double) mean[j];
        sq[j] += d * d;
      }
    }
    float[] scale = new float[f];
    for (int j = 0; j < f; j++) {
      double std = Math.sqrt(sq[j] / n);
      scale[j] = std > 0 ? (float) (1 / std) : 1f;
    }
    return new Standardizer(mean, scale);
  }

  public float[] mean() {
    return mean.clone();
  }

  /** {@code 1 / std} per feature (1 for constant features). */
  public float[] scale() {
    return scale.clone();
  }

  /** A standardised copy of {@code ds}; the targets are unchanged. */
  public ArrayDataset apply(Dataset ds) {
    int f = ds.featureCount();
    if (f != mean.length) {
      throw new IllegalArgumentException(ds.name() + " has " + f + " features, this standardizer was fitted on "
          + mean.length);
    }
    float[] x = new float[Math.multiplyExact(ds.size(), f)];
    for (int i = 0; i < ds.size(); i++) {
      ds.features(i, x, i * f);
      for (int j = 0; j < f; j++) {
        x[i * f + j] = (x[i * f + j] - mean[j]) * scale[j];
      }
    }
    if (ds.classCount() > 0) {
      int[] y = new int[ds.size()];
      for (int i = 0; i < y.length; i++) {
        y[i] = ds.label(i);
      }
      return ArrayDataset.classification(ds.name(), x, f, y, ds.classCount(), ds.targetWidth() != 1);
    }
    float[] t = new float[Math.multiplyExact(ds.size(), ds.targetWidth())];
    for (int i = 0; i < ds.size(); i++) {
      ds.target(i, t, i * ds.targetWidth());
    }
    return ArrayDataset.regression(ds.name(), x, f, t, ds.targetWidth());
  }
}
