package io.vectorgrad.training.trainer;

import io.vectorgrad.kernels.spi.WorkerPool;
import io.vectorgrad.training.data.Dataset;
import java.util.function.IntConsumer;

/**
 * Copies a shuffled mini-batch (features and targets of {@code order[start .. start + rows)}) into the
 * batch arrays, on the shared {@link WorkerPool} when the batch is large enough. The rows are random samples
 * of a data set far larger than the caches, so the copy waits on memory: at batch 128 of Fashion-MNIST it
 * took 8% of a 2-thread training step on one thread, while the other thread waited. Each row is copied
 * whole by one thread, so the batch is the same whatever the thread count; {@link Dataset}s are safe to
 * read from several threads. One instance per training run, reused: a batch allocates nothing.
 */
final class BatchGather implements IntConsumer {
  /**
   * Batch floats (rows × features) below which the copy stays on the calling thread (the hand-off would
   * cost more); {@code -Dvectorgrad.gather.parallelMinFloats=N} overrides.
   */
  static final int PARALLEL_MIN_FLOATS = Integer.getInteger("vectorgrad.gather.parallelMinFloats", 16384);

  private final Dataset data;
  private final int[] order;
  private final int in;
  private final int out;
  private final int threads;
  private float[] x;
  private float[] y;
  private int start;
  private int rows;
  private int tasks;

  BatchGather(Dataset data, int[] order, int threads) {
    this.data = data;
    this.order = order;
    this.in = data.featureCount();
    this.out = data.targetWidth();
    this.threads = threads;
  }

  /** Fills {@code x} ({@code rows × features}) and {@code y} ({@code rows × targetWidth}). */
  void gather(int start, int rows, float[] x, float[] y) {
    this.x = x;
    this.y = y;
    this.start = start;
    this.rows = rows;
    tasks = threads > 1 && (long) rows * in >= PARALLEL_MIN_FLOATS ? Math.min(threads, rows) : 1;
    try {
      if (tasks == 1) {
        accept(0);
      } else {
        WorkerPool.shared().run(tasks, threads, this);
      }
    } finally {
      this.x = null;
      this.y = null;
    }
  }

  /** How many tasks the last batch was cut into (1: copied on the calling thread). */
  int lastTasks() {
    return tasks;
  }

  /** Rows {@code [task·rows/tasks, (task + 1)·rows/tasks)} of the batch. */
  @Override
  public void accept(int task) {
    int r0 = (int) ((long) rows * task / tasks);
    int r1 = (int) ((long) rows * (task + 1) / tasks);
    for (int r = r0; r < r1; r++) {
      int idx = order[start + r];
      data.features(idx, x, r * in);
      data.target(idx, y, r * out);
    }
  }
}
