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
          labels(data), m -> {
            throw new AssertionError("one partition exchanges nothing");
          });
      Model reference = s.modelSpec().build(7);
      TrainerConfig config = TrainerConfig.builder().batchSize(32).epochs(3).seed(7)
          .optimizer(s.optimizerSpec().create(0.01, Double.NaN)).learningRateSchedule(
              s.scheduleSpec().build(5, 3)).threads(1).build();
      new Trainer(reference, s.lossPairing().loss(), config).fit(data, null);
      assertArrayEquals(ModelFiles.toBytes(reference), r.model, opt);
      assertEquals(15, r.steps);
    }
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
