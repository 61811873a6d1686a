package io.vectorgrad.checkpointing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.backprop.StoreAll;
import io.vectorgrad.training.data.ArrayDataset;
import io.vectorgrad.training.loss.SoftmaxCrossEntropy;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.optim.Adam;
import io.vectorgrad.training.trainer.Trainer;
import io.vectorgrad.training.trainer.TrainerConfig;
import io.vectorgrad.training.trainer.TrainingResult;
import io.vectorgrad.training.trainer.TrainingStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Through the real model, optimizer and trainer (with dropout between blocks): losses and weights after
 * several Adam steps are bit-identical to store-all for every schedule, on 1 and 2 GEMM threads.
 */
class TrainerEquivalenceTest {
  private static final Activation[] ACTS = {Activation.SIGMOID, Activation.TANH, Activation.RELU};

  /** {@code depth} Dense layers of width 6 after a 5-wide input, 3 softmax outputs, dropout after each hidden block. */
  static Model model(int depth, long seed) {
    Model.Builder b = Model.builder(5);
    for (int i = 0; i < depth - 1; i++) {
      b.dense(6, ACTS[i % 3]).dropout(0.25f);
    }
    return b.dense(3, Activation.SOFTMAX).build(seed);
  }

  static List<ActivationSchedule> schedules(int n) {
    List<ActivationSchedule> s = new ArrayList<>();
    for (int k = 1; k <= n; k++) {
      s.add(new EveryK(k));
    }
    s.add(SqrtN.INSTANCE);
    for (int slots = 1; slots <= Math.min(n, 4); slots++) {
      s.add(new Revolve(slots));
    }
    int[] w = new int[n + 1];
    java.util.Arrays.fill(w, 6);
    w[0] = 5;
    w[n] = 3;
    long storeAll = Planner.storeAllBytes(w, 8);
    s.add(new MemoryBudget(n >= 7 ? storeAll * 2 / 3 : storeAll));
    if (n > 2) {
      s.add(new Manual(0, n / 2));
    }
    s.add(new SplitSchedule(5));
    s.add(new SplitSchedule(Math.max(5, n / 2)));
    return s;
  }

  @ParameterizedTest(name = "depth {0}")
  @ValueSource(ints = {1, 2, 3, 7, 16})
  void adamStepsWithDropoutAreBitIdentical(int depth) {
    Random r = new Random(depth);
    int rows = 8;
    float[] x = new float[rows * 5];
    float[] y = new float[rows * 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < rows; i++) {
      y[i * 3 + r.nextInt(3)] = 1f;
    }
    int steps = 4;
    Model ref = model(depth, 11);
    TrainingStep refStep = new TrainingStep(ref, SoftmaxCrossEntropy.INSTANCE, new Adam(0.01f), rows, 1);
    double[] refLoss = new double[steps];
    for (int s = 0; s < steps; s++) {
      refLoss[s] = refStep.step(x, y, rows);
    }
    if (depth > 1) {
      // the dropout really is active: without it the first loss differs
      Model plain = model(depth, 11);
      TrainingStep noDrop = new TrainingStep(plain, SoftmaxCrossEntropy.INSTANCE, new Adam(0.01f), rows, 1);
      noDrop.network().setTraining(false);
      assertTrue(noDrop.step(x, y, rows) != refLoss[0], "dropout changes the loss");
    }
    for (int threads = 1; threads <= 2; threads++) {
      for (ActivationSchedule sched : schedules(depth)) {
        Model m = model(depth, 11);
        TrainingStep step = new TrainingStep(m, SoftmaxCrossEntropy.INSTANCE, new Adam(0.01f), sched,
            io.vectorgrad.training.optim.GradientClipping.none(),
            io.vectorgrad.training.optim.LearningRateSchedule.constant(), rows, threads);
        String what = sched.spec() + " depth " + depth + " threads " + threads;
        for (int s = 0; s < steps; s++) {
          double l = step.step(x, y, rows);
          assertEquals(Double.doubleToRawLongBits(refLoss[s]), Double.doubleToRawLongBits(l), what + " loss step " + s);
        }
        ScheduleEquivalenceTest.assertBits(refStep.output(), step.output(), what + " output");
        for (int i = 0; i < depth; i++) {
          ScheduleEquivalenceTest.assertBits(ref.dense(i).weights(), m.dense(i).weights(), what + " weights " + i);
          ScheduleEquivalenceTest.assertBits(ref.dense(i).bias(), m.dense(i).bias(), what + " bias " + i);
        }
        Plan plan = Planner.plan(sched, step.network().widths(), step.network().blockCosts(rows), rows);
        ActivationSchedule.Execution e = step.execution(rows);
        for (int i = 0; i < depth; i++) {
          assertEquals(plan.forwardCalls(i) * steps, e.forwardCalls(i), what + " forward calls of block " + i);
        }
      }
    }
  }

  @ParameterizedTest(name = "trainer, depth {0}")
  @ValueSource(ints = {3, 7})
  void trainerFitIsBitIdentical(int depth) {
    Random r = new Random(99);
    int n = 40;
    float[] x = new float[n * 5];
    int[] labels = new int[n];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < n; i++) {
      labels[i] = r.nextInt(3);
    }
    ArrayDataset data = ArrayDataset.classification("toy", x, 5, labels, 3, true);
    List<ActivationSchedule> all = new ArrayList<>(List.of(StoreAll.INSTANCE, new EveryK(2), SqrtN.INSTANCE,
        new Revolve(2), new Manual(0, 1), new SplitSchedule(5)));
    Model ref = null;
    TrainingResult refResult = null;
    for (ActivationSchedule s : all) {
      Model m = model(depth, 5);
      TrainerConfig cfg = TrainerConfig.builder().batchSize(16).epochs(2).seed(3).optimizer(new Adam(0.01f))
          .schedule(s).threads(s instanceof Revolve ? 2 : 1).build();
      TrainingResult result = new Trainer(m, SoftmaxCrossEntropy.INSTANCE, cfg).fit(data, null);
      if (ref == null) {
        ref = m;
        refResult = result;
        assertTrue(result.steps() == 6, "3 batches (16, 16, 8) x 2 epochs");
        continue;
      }
      for (int e = 0; e < 2; e++) {
        assertEquals(Double.doubleToRawLongBits(refResult.epochs().get(e).trainLoss()),
            Double.doubleToRawLongBits(result.epochs().get(e).trainLoss()), s.spec() + " epoch " + e + " loss");
      }
      for (int i = 0; i < depth; i++) {
        ScheduleEquivalenceTest.assertBits(ref.dense(i).weights(), m.dense(i).weights(), s.spec() + " weights " + i);
      }
    }
  }
}
