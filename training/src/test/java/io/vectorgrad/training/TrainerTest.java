package io.vectorgrad.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.training.data.ArrayDataset;
import io.vectorgrad.training.loss.BinaryCrossEntropy;
import io.vectorgrad.training.loss.MeanSquaredError;
import io.vectorgrad.training.loss.SoftmaxCrossEntropy;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.optim.Adam;
import io.vectorgrad.training.optim.GradientClipping;
import io.vectorgrad.training.optim.LearningRateSchedule;
import io.vectorgrad.training.optim.Momentum;
import io.vectorgrad.training.optim.Sgd;
import io.vectorgrad.training.trainer.EpochStats;
import io.vectorgrad.training.trainer.Evaluation;
import io.vectorgrad.training.trainer.NonFiniteException;
import io.vectorgrad.training.trainer.Trainer;
import io.vectorgrad.training.trainer.TrainerConfig;
import io.vectorgrad.training.trainer.TrainingListener;
import io.vectorgrad.training.trainer.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTest {
  @Test
  void learnsXorWithSoftmax() {
    Model m = Model.builder(2).dense(8, Activation.TANH).dense(2, Activation.SOFTMAX).build(7);
    ArrayDataset xor = TestData.xor(8);
    TrainerConfig cfg = TrainerConfig.builder().batchSize(8).epochs(150).seed(3).optimizer(new Adam(0.05f))
        .threads(1).build();
    TrainingResult r = new Trainer(m, SoftmaxCrossEntropy.INSTANCE, cfg).fit(xor, xor);
    assertEquals(1.0, Evaluation.accuracy(m, xor));
    assertTrue(r.lastEpoch().validationLoss() < 0.05, r.lastEpoch()::toString);
    assertEquals(150 * 4, r.steps());
  }

  @Test
  void learnsXorWithSigmoidAndBce() {
    Model m = Model.builder(2).dense(8, Activation.RELU).dense(1, Activation.SIGMOID).build(1);
    ArrayDataset xor = TestData.xorBinary(8);
    TrainerConfig cfg = TrainerConfig.builder().batchSize(4).epochs(150).optimizer(new Momentum(0.2f, true))
        .threads(1).build();
    new Trainer(m, BinaryCrossEntropy.INSTANCE, cfg).fit(xor, null);
    assertEquals(1.0, Evaluation.accuracy(m, xor));
  }

  @Test
  void learnsSpirals() {
    ArrayDataset train = TestData.spirals(100, 3, 1);
    ArrayDataset test = TestData.spirals(50, 3, 2);
    Model m = Model.builder(2).dense(32, Activation.RELU).dense(32, Activation.RELU).dense(3, Activation.SOFTMAX)
        .build(5);
    TrainerConfig cfg = TrainerConfig.builder().batchSize(32).epochs(80).optimizer(new Adam(0.01f))
        .learningRateSchedule(LearningRateSchedule.cosine(80 * 10, 0.05).withWarmup(20))
        .clipping(GradientClipping.byGlobalNorm(5f)).threads(1).build();
    TrainingResult r = new Trainer(m, SoftmaxCrossEntropy.INSTANCE, cfg).fit(train, test);
    assertTrue(r.lastEpoch().trainAccuracy() > 0.95, r.lastEpoch()::toString);
    assertTrue(r.lastEpoch().validationAccuracy() > 0.9, r.lastEpoch()::toString);
    // 300 samples / 32 = 9 full batches + a partial one of 12 each epoch
    assertEquals(80 * 10, r.steps());
    assertEquals(80 * 300, r.samples());
  }

  @Test
  void dropLastPartialBatch() {
    ArrayDataset train = TestData.spirals(10, 3, 1); // 30 samples
    Model m = Model.builder(2).dense(4, Activation.RELU).dense(3, Activation.SOFTMAX).build(5);
    TrainerConfig cfg = TrainerConfig.builder().batchSize(8).epochs(2).dropLastPartialBatch(true).threads(1).build();
    TrainingResult r = new Trainer(m, SoftmaxCrossEntropy.INSTANCE, cfg).fit(train, null);
    assertEquals(2 * 3, r.steps());
    assertEquals(2 * 24, r.samples());
  }

  @Test
  void listenersAndGradientNormsEveryStep() {
    ArrayDataset xor = TestData.xor(4);
    Model m = Model.builder(2).dense(5, Activation.SIGMOID).dense(5, Activation.SIGMOID).dense(2, Activation.SOFTMAX)
        .build(2);
    List<String> events = new ArrayList<>();
    float[] lastNorms = new float[3];
    TrainerConfig cfg = TrainerConfig.builder().batchSize(4).epochs(3).threads(1).build();
    TrainingResult r = new Trainer(m, SoftmaxCrossEntropy.INSTANCE, cfg).addListener(new TrainingListener() {
      @Override
      public void epochStart(int epoch, int epochs) {
        events.add("start" + epoch);
      }

      @Override
      public void stepEnd(int epoch, long step, int batch, int batches, double loss, float[] norms) {
        events.add("step" + step);
        System.arraycopy(norms, 0, lastNorms, 0, 3);
      }

      @Override
      public void epochEnd(EpochStats stats) {
        events.add("end" + stats.epoch());
      }
    }).fit(xor, null);
    assertEquals(List.of("start1", "step0", "step1", "step2", "step3", "end1", "start2", "step4", "step5", "step6",
        "step7", "end2", "start3", "step8", "step9", "step10", "step11", "end3"), events);
    assertEquals(12, r.steps());
    assertEquals(12, r.gradientNorms().steps());
    for (int l = 0; l < 3; l++) {
      assertEquals(lastNorms[l], r.gradientNorms().last(l));
      assertTrue(r.gradientNorms().min(l) > 0);
      assertTrue(r.gradientNorms().min(l) <= r.gradientNorms().mean(l)
          && r.gradientNorms().mean(l) <= r.gradientNorms().max(l));
    }
    // sigmoid stacks shrink gradients towards the input: visible in the record
    assertTrue(r.gradientNorms().mean(0) < r.gradientNorms().mean(2));
  }

  @Test
  void earlyStoppingRestoresBestWeights() {
    // Regression to noise with a huge learning rate: validation loss stops improving quickly.
    ArrayDataset train = ArrayDataset.regression("noise", TestData.randomArray(64 * 3, 1, 1), 3,
        TestData.randomArray(64, 2, 1), 1);
    ArrayDataset val = ArrayDataset.regression("noise-val", TestData.randomArray(64 * 3, 3, 1), 3,
        TestData.randomArray(64, 4, 1), 1);
    Model m = Model.builder(3).dense(32, Activation.RELU).dense(1, Activation.LINEAR).build(3);
    TrainerConfig cfg = TrainerConfig.builder().batchSize(8).epochs(200).optimizer(new Adam(0.05f)).earlyStopping(3)
        .threads(1).build();
    TrainingResult r = new Trainer(m, MeanSquaredError.INSTANCE, cfg).fit(train, val);
    assertTrue(r.stoppedEarly());
    assertTrue(r.epochs().size() < 200);
    assertEquals(r.bestEpoch() + 3, r.epochs().size());
    double best = r.epochs().get(r.bestEpoch() - 1).validationLoss();
    assertEquals(best, Evaluation.meanLoss(m, MeanSquaredError.INSTANCE, val), 1e-6);
    assertTrue(Double.isNaN(r.lastEpoch().trainAccuracy()));
  }

  @Test
  void nonFiniteLossNamesLayerAndStep() {
    ArrayDataset xor = TestData.xor(4);
    Model m = Model.builder(2).dense(4, Activation.RELU).dense(4, Activation.RELU).dense(2, Activation.SOFTMAX)
        .build(1);
    m.dense(1).weights()[3] = Float.NaN;
    TrainerConfig cfg = TrainerConfig.builder().batchSize(4).epochs(1).threads(1).build();
    NonFiniteException e = assertThrows(NonFiniteException.class,
        () -> new Trainer(m, SoftmaxCrossEntropy.INSTANCE, cfg).fit(xor, null));
    assertEquals(1, e.layer());
    assertEquals(0, e.step());
    assertTrue(e.getMessage().contains("layers.1") && e.getMessage().contains("step 0"), e.getMessage());
  }

  @Test
  void explodingGradientNamesLayerAndStep() {
    // A huge input overflows the first gradient to ∞ while the loss is still finite: SGD with a huge rate
    // then blows up at a later step.
    float[] f = {1e30f, 1e30f, -1e30f, 1e30f};
    ArrayDataset d = ArrayDataset.regression("huge", f, 2, new float[] {1e30f, -1e30f}, 1);
    Model m = Model.builder(2).dense(3, Activation.LINEAR).dense(1, Activation.LINEAR).build(1);
    TrainerConfig cfg = TrainerConfig.builder().batchSize(2).epochs(5).optimizer(new Sgd(1f)).threads(1).build();
    NonFiniteException e = assertThrows(NonFiniteException.class,
        () -> new Trainer(m, MeanSquaredError.INSTANCE, cfg).fit(d, null));
    assertTrue(e.getMessage().contains("step " + e.step()), e.getMessage());
    assertTrue(e.layer() >= 0 && e.layer() <= 1);
    assertTrue(e.getMessage().contains("layers." + e.layer()), e.getMessage());
  }

  private static float[] trainAndFlatten(int threads, long modelSeed, long shuffleSeed) {
    ArrayDataset train = TestData.spirals(40, 3, 9);
    Model m = Model.builder(2).dense(24, Activation.RELU).dropout(0.2f).dense(16, Activation.TANH)
        .dense(3, Activation.SOFTMAX).build(modelSeed);
    TrainerConfig cfg = TrainerConfig.builder().batchSize(16).epochs(3).seed(shuffleSeed).optimizer(new Adam(0.01f))
        .threads(threads).build();
    new Trainer(m, SoftmaxCrossEntropy.INSTANCE, cfg).fit(train, null);
    float[] all = new float[m.parameterCount()];
    int o = 0;
    for (int i = 0; i < m.denseCount(); i++) {
      System.arraycopy(m.dense(i).weights(), 0, all, o, m.dense(i).weights().length);
      o += m.dense(i).weights().length;
      System.arraycopy(m.dense(i).bias(), 0, all, o, m.dense(i).bias().length);
      o += m.dense(i).bias().length;
    }
    return all;
  }

  @Test
  void deterministicForSeedAndThreadCount() {
    float[] a = trainAndFlatten(1, 4, 5);
    float[] b = trainAndFlatten(1, 4, 5);
    float[] c = trainAndFlatten(2, 4, 5);
    assertArrayEquals(bits(a), bits(b));
    assertArrayEquals(bits(a), bits(c));
    assertFalse(java.util.Arrays.equals(bits(a), bits(trainAndFlatten(1, 4, 6))), "shuffle seed must matter");
  }

  /** Batches of 128 × 160 floats: the trainer copies them on the worker pool when threads > 1. */
  @Test
  void wideBatchesGiveTheSameModelOnAnyThreadCount() {
    int n = 300;
    int features = 160;
    java.util.SplittableRandom rng = new java.util.SplittableRandom(21);
    float[] x = new float[n * features];
    int[] labels = new int[n];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    for (int i = 0; i < n; i++) {
      labels[i] = rng.nextInt(3);
    }
    ArrayDataset train = ArrayDataset.classification("wide", x, features, labels, 3, true);
    float[][] results = new float[3][];
    for (int threads = 1; threads <= 3; threads++) {
      Model m = Model.builder(features).dense(32, Activation.RELU).dense(3, Activation.SOFTMAX).build(8);
      TrainerConfig cfg = TrainerConfig.builder().batchSize(128).epochs(2).seed(9).optimizer(new Adam(0.01f))
          .threads(threads).build();
      new Trainer(m, SoftmaxCrossEntropy.INSTANCE, cfg).fit(train, null);
      results[threads - 1] = m.dense(0).weights().clone();
    }
    assertArrayEquals(bits(results[0]), bits(results[1]));
    assertArrayEquals(bits(results[0]), bits(results[2]));
  }

  private static int[] bits(float[] a) {
    int[] b = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      b[i] = Float.floatToRawIntBits(a[i]);
    }
    return b;
  }

  @Test
  void rejectsMismatchedDataAndIncompatibleLoss() {
    Model m = Model.builder(3).dense(2, Activation.SOFTMAX).build(1);
    TrainerConfig cfg = TrainerConfig.builder().build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Trainer(m, SoftmaxCrossEntropy.INSTANCE, cfg).fit(TestData.xor(1), null));
    assertTrue(e.getMessage().contains("2 features") && e.getMessage().contains("input size is 3"), e.getMessage());
    IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
        () -> new Trainer(m, BinaryCrossEntropy.INSTANCE, cfg));
    assertTrue(f.getMessage().contains("sigmoid"), f.getMessage());
    Model relu = Model.builder(2).dense(2, Activation.RELU).build(1);
    assertThrows(IllegalArgumentException.class, () -> new Trainer(relu, SoftmaxCrossEntropy.INSTANCE, cfg));
    assertNotEquals(null, new Trainer(relu, MeanSquaredError.INSTANCE, cfg));
  }
}
