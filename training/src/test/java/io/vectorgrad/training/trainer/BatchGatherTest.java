package io.vectorgrad.training.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.training.data.ArrayDataset;
import io.vectorgrad.training.data.Dataset;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class BatchGatherTest {
  private static final int FEATURES = 200;
  private static final int CLASSES = 7;

  private static ArrayDataset data(int n) {
    SplittableRandom rng = new SplittableRandom(11);
    float[] x = new float[n * FEATURES];
    int[] labels = new int[n];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    for (int i = 0; i < n; i++) {
      labels[i] = rng.nextInt(CLASSES);
    }
    return ArrayDataset.classification("gather", x, FEATURES, labels, CLASSES, true);
  }

  private static int[] shuffled(int n, long seed) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** Counts how often each sample's features are copied, so a repeated or skipped row shows. */
  private static final class CountingDataset implements Dataset {
    final Dataset inner;
    final AtomicIntegerArray copies;

    CountingDataset(Dataset inner) {
      this.inner = inner;
      this.copies = new AtomicIntegerArray(inner.size());
    }

    @Override public String name() { return inner.name(); }
    @Override public int size() { return inner.size(); }
    @Override public int featureCount() { return inner.featureCount(); }
    @Override public int targetWidth() { return inner.targetWidth(); }
    @Override public int classCount() { return inner.classCount(); }
    @Override public int label(int index) { return inner.label(index); }
    @Override public void target(int index, float[] dst, int dstOff) { inner.target(index, dst, dstOff); }

    @Override
    public void features(int index, float[] dst, int dstOff) {
      copies.incrementAndGet(index);
      inner.features(index, dst, dstOff);
    }
  }

  @Test
  void batchesAreTheSameRowsOnAnyThreadCount() {
    int n = 1000;
    ArrayDataset ds = data(n);
    int[] order = shuffled(n, 3);
    // 128 rows × 200 features = 25,600 floats: above the parallel threshold; 37 rows (the tail): below it
    int[][] batches = {{0, 128}, {128, 128}, {640, 128}, {963, 37}};
    assertTrue(128 * FEATURES >= BatchGather.PARALLEL_MIN_FLOATS, "the test's batch must run in parallel");
    for (int threads : new int[] {1, 2, 3}) {
      CountingDataset counted = new CountingDataset(ds);
      BatchGather gather = new BatchGather(counted, order, threads);
      for (int[] b : batches) {
        int start = b[0];
        int rows = b[1];
        float[] x = new float[rows * FEATURES];
        float[] y = new float[rows * CLASSES];
        gather.gather(start, rows, x, y);
        assertEquals(threads == 1 || rows * FEATURES < BatchGather.PARALLEL_MIN_FLOATS ? 1 : threads,
            gather.lastTasks(), "threads " + threads + ", rows " + rows);
        float[] row = new float[FEATURES];
        for (int r = 0; r < rows; r++) {
          int idx = order[start + r];
          ds.features(idx, row, 0);
          float[] got = java.util.Arrays.copyOfRange(x, r * FEATURES, (r + 1) * FEATURES);
          assertArrayEquals(row, got, "threads " + threads + ", batch at " + start + ", row " + r);
          for (int c = 0; c < CLASSES; c++) {
            assertEquals(c == ds.label(idx) ? 1f : 0f, y[r * CLASSES + c], "target of row " + r);
          }
        }
      }
      for (int[] b : batches) {
        for (int r = 0; r < b[1]; r++) {
          assertEquals(1, counted.copies.get(order[b[0] + r]), "sample " + order[b[0] + r] + " copied once");
        }
      }
    }
  }
}
