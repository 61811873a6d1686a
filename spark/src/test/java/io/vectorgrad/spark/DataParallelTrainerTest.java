package io.vectorgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.training.data.ArrayDataset;
import io.vectorgrad.training.data.Spirals;
import io.vectorgrad.training.io.ModelFiles;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.spec.ModelSpec;
import io.vectorgrad.training.trainer.Trainer;
import io.vectorgrad.training.trainer.TrainerConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-task loop without Spark (runs on every JDK): batch split, the Trainer identity, resuming. */
class DataParallelTrainerTest {
  static final int[] LAYERS = {2, 16, 16, 3};

  static TrainingSettings settings(String optimizer, int batch, int epochs, String dir) {
    return new TrainingSettings(LAYERS, "relu", 0, "none", "softmax-ce", optimizer, 0.01, Double.NaN, "constant",
        batch, epochs, 7, 1, "none", dir).validate();
  }

  static float[] features(ArrayDataset d) {
    float[] x = new float[d.size() * d.featureCount()];
    for (int i = 0; i < d.size(); i++) {
      d.features(i, x, i * d.featureCount());
    }
    return x;
  }

  static int[] labels(ArrayDataset d) {
    int[] y = new int[d.size()];
    for (int i = 0; i < d.size(); i++) {
      y[i] = d.label(i);
    }
    return y;
  }

  @Test
  void localBatchesSplitTheGlobalBatchByPartitionRows() {
    assertArrayEquals(new int[] {32}, DataParallelTrainer.localBatches(32, new int[] {100}));
    assertArrayEquals(new int[] {7}, DataParallelTrainer.localBatches(32, new int[] {7}));
    assertArrayEquals(new int[] {16, 16}, DataParallelTrainer.localBatches(32, new int[] {50, 50}));
    // ceil(32·30/100) = 10, ceil(32·70/100) = 23
    assertArrayEquals(new int[] {10, 23}, DataParallelTrainer.localBatches(32, new int[] {30, 70}));
    assertEquals(4, DataParallelTrainer.stepsPerEpoch(new int[] {100}, new int[] {32}));
    assertEquals(4, DataParallelTrainer.stepsPerEpoch(new int[] {30, 70}, new int[] {10, 23}));
  }

  @Test
  void onePartitionEqualsTheSingleMachineTrainerBitForBit() {
    ArrayDataset data = Spirals.create(3, 50, 0.2, 11); // 150 rows: batch 32 leaves a partial last batch
    for (String opt : new String[] {"adam", "momentum"}) {
      TrainingSettings s = settings(opt, 32, 3, "");
      DataParallelTrainer.Result r = DataParallelTrainer.train(s, 0, new int[] {data.size()}, features(data),
          labels(data), null); // one partition exchanges nothing
      Model reference = s.modelSpec().build(7);
      TrainerConfig config = TrainerConfig.builder().batchSize(32).epochs(3).seed(7)
          .optimizer(s.optimizerSpec().create(0.01, Double.NaN)).learningRateSchedule(
              s.scheduleSpec().build(5, 3)).threads(1).build();
      new Trainer(reference, s.lossPairing().loss(), config).fit(data, null);
      assertArrayEquals(ModelFiles.toBytes(reference), r.model, opt);
      assertEquals(15, r.steps);
    }
  }

  /** The exchange among threads of one JVM: what the barrier tasks do over TCP. */
  static final class ThreadExchange {
    final java.util.concurrent.CyclicBarrier barrier;
    final byte[][] slots;
    volatile byte[] result;

    ThreadExchange(int parts) {
      barrier = new java.util.concurrent.CyclicBarrier(parts);
      slots = new byte[parts][];
    }

    DataParallelTrainer.Exchange task(int part) {
      return new DataParallelTrainer.Exchange() {
        @Override
        public byte[][] gather(byte[] message, int length) {
          slots[part] = java.util.Arrays.copyOf(message, length);
          await();
          return part == 0 ? slots : null;
        }

        @Override
        public byte[] broadcast(byte[] r, int length) {
          if (part == 0) {
            result = java.util.Arrays.copyOf(r, length);
          }
          await();
          return result;
        }
      };
    }

    void await() {
      try {
        barrier.await();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static DataParallelTrainer.Result trainInThreads(TrainingSettings s, ArrayDataset data, int[] rows)
      throws Exception {
    ThreadExchange ex = new ThreadExchange(rows.length);
    float[] x = features(data);
    int[] y = labels(data);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(rows.length);
    try {
      List<java.util.concurrent.Future<DataParallelTrainer.Result>> fs = new java.util.ArrayList<>();
      int start = 0;
      for (int q = 0; q < rows.length; q++) {
        int part = q;
        int from = start;
        start += rows[q];
        fs.add(pool.submit(() -> DataParallelTrainer.train(s, part, rows,
            java.util.Arrays.copyOfRange(x, from * 2, (from + rows[part]) * 2),
            java.util.Arrays.copyOfRange(y, from, from + rows[part]), ex.task(part))));
      }
      DataParallelTrainer.Result r = fs.get(0).get();
      for (int q = 1; q < rows.length; q++) {
        assertEquals(null, fs.get(q).get());
      }
      return r;
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void threePartitionsAreDeterministicAndLearn() throws Exception {
    ArrayDataset data = Spirals.create(3, 100, 0.2, 11);
    int[] rows = {100, 120, 80};
    TrainingSettings s = settings("adam", 32, 20, "");
    DataParallelTrainer.Result a = trainInThreads(s, data, rows);
    DataParallelTrainer.Result b = trainInThreads(s, data, rows);
    assertArrayEquals(a.model, b.model);
    assertEquals(20 * 10, a.steps); // 11, 13, 9 rows per step: max(ceil(100/11), ceil(120/13), ceil(80/9)) = 10
    assertTrue(a.epochLoss[19] < 0.6 * a.epochLoss[0], java.util.Arrays.toString(a.epochLoss));
  }

  @Test
  void aRerunResumesFromTheLastCompleteEpoch(@TempDir Path dir) throws Exception {
    ArrayDataset data = Spirals.create(3, 30, 0.2, 5);
    int[] rows = {data.size()};
    DataParallelTrainer.Result straight = DataParallelTrainer.train(settings("adam", 16, 3, dir.resolve("a")
        .toString()), 0, rows, features(data), labels(data), null);
    DataParallelTrainer.Result first = DataParallelTrainer.train(settings("adam", 16, 2, dir.resolve("b")
        .toString()), 0, rows, features(data), labels(data), null);
    assertEquals(1, first.firstEpoch);
    DataParallelTrainer.Result resumed = DataParallelTrainer.train(settings("adam", 16, 3, dir.resolve("b")
        .toString()), 0, rows, features(data), labels(data), null);
    assertEquals(3, resumed.firstEpoch);
    assertEquals(1, resumed.epochLoss.length);
    assertEquals(straight.steps, resumed.steps);
    assertArrayEquals(straight.model, resumed.model);
    assertTrue(!java.util.Arrays.equals(first.model, resumed.model));
  }

  @Test
  void aStateOfAnotherRunIsRefused(@TempDir Path dir) {
    ArrayDataset data = Spirals.create(3, 20, 0.2, 5);
    int[] rows = {data.size()};
    DataParallelTrainer.train(settings("adam", 16, 1, dir.toString()), 0, rows, features(data), labels(data), null);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> DataParallelTrainer.train(
        settings("sgd", 16, 2, dir.toString()), 0, rows, features(data), labels(data), null));
    assertTrue(e.getMessage().contains("another run"), e.getMessage());
  }

  @Test
  void batchNormAcrossPartitionsIsRefused() {
    TrainingSettings s = new TrainingSettings(LAYERS, "relu", 0, "batch", "softmax-ce", "adam", 0.01, Double.NaN,
        "constant", 8, 1, 7, 1, "none", "").validate();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataParallelTrainer.train(s, 0,
        new int[] {4, 4}, new float[8], new int[4], null));
    assertTrue(e.getMessage().contains("norm=batch"), e.getMessage());
  }

  @Test
  void settingsNameBadParts() {
    assertThrows(RuntimeException.class, () -> new TrainingSettings(LAYERS, "relu", 0, "none", "softmax-ce",
        "adamx", 0.01, Double.NaN, "constant", 8, 1, 7, 1, "none", "").validate());
    assertThrows(RuntimeException.class, () -> new TrainingSettings(LAYERS, "relu", 0, "none", "softmax-ce",
        "adam", 0.01, Double.NaN, "sometimes", 8, 1, 7, 1, "none", "").validate());
    assertThrows(IllegalArgumentException.class, () -> new TrainingSettings(LAYERS, "relu", 0, "none",
        "softmax-ce", "adam", 0.01, Double.NaN, "constant", 0, 1, 7, 1, "none", "").validate());
    ModelSpec m = settings("adam", 8, 1, "").modelSpec();
    assertEquals(3, m.outputSize());
  }
}
