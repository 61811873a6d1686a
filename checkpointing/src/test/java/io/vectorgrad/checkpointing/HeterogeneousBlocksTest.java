package io.vectorgrad.checkpointing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.backprop.StoreAll;
import io.vectorgrad.training.data.ArrayDataset;
import io.vectorgrad.training.layers.BatchNorm;
import io.vectorgrad.training.layers.NormKind;
import io.vectorgrad.training.layers.Parameter;
import io.vectorgrad.training.loss.SoftmaxCrossEntropy;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Architecture.BlockSpec;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.optim.Adam;
import io.vectorgrad.training.optim.GradientClipping;
import io.vectorgrad.training.optim.LearningRateSchedule;
import io.vectorgrad.training.optim.Momentum;
import io.vectorgrad.training.trainer.ModelNetwork;
import io.vectorgrad.training.trainer.Trainer;
import io.vectorgrad.training.trainer.TrainerConfig;
import io.vectorgrad.training.trainer.TrainingStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every schedule on models of mixed blocks (residual with LayerNorm, BatchNorm or no norm, a projection,
 * standalone norms, dropout): losses, outputs, updated parameters and BatchNorm running statistics
 * bit-identical to store-all on 1 and 2 GEMM threads; forward calls and JOL-measured peak bytes equal to the
 * plan made from the blocks' kept widths and costs.
 */
class HeterogeneousBlocksTest {
  static Model model(int which, long seed) {
    switch (which) {
      case 0:
        return Model.builder(5).dense(6, Activation.TANH).residual(3, NormKind.LAYER).dense(3, Activation.SOFTMAX)
            .build(seed);
      case 1:
        return Model.builder(5).dense(6, Activation.RELU).dropout(0.25f).residual(2, NormKind.BATCH).batchNorm()
            .dense(6, Activation.SIGMOID).dropout(0.2f).layerNorm().residual(1, NormKind.NONE, Activation.TANH, 4)
            .dense(3, Activation.SOFTMAX).build(seed);
      default:
        return Model.builder(5).block(BlockSpec.residual(7, 4, NormKind.LAYER, Activation.RELU))
            .residual(2, NormKind.BATCH, Activation.LEAKY_RELU, 9).dense(6, Activation.TANH).dropout(0.3f)
            .residual(1, NormKind.LAYER).dense(3, Activation.SOFTMAX).build(seed);
    }
  }

  static List<ActivationSchedule> schedules(int n, int[] widths, int rows) {
    List<ActivationSchedule> s = new ArrayList<>();
    for (int k = 1; k <= n; k++) {
      s.add(new EveryK(k));
    }
    s.add(SqrtN.INSTANCE);
    for (int slots = 1; slots <= Math.min(n, 3); slots++) {
      s.add(new Revolve(slots));
    }
    long storeAll = Planner.storeAllBytes(widths, rows);
    s.add(new MemoryBudget(storeAll));
    s.add(new MemoryBudget(storeAll * 2 / 3));
    s.add(new Manual(0, n / 2));
    s.add(new SplitSchedule(5));
    s.add(new SplitSchedule(Math.max(5, n / 2)));
    return s;
  }

  static void assertSameTensors(Model ref, Model m, String what) {
    List<Parameter> a = ref.tensors();
    List<Parameter> b = m.tensors();
    assertEquals(a.size(), b.size());
    for (int t = 0; t < a.size(); t++) {
      ScheduleEquivalenceTest.assertBits(a.get(t).values(), b.get(t).values(), what + " " + a.get(t).name());
    }
  }

  @ParameterizedTest(name = "model {0}")
  @ValueSource(ints = {0, 1, 2})
  void everyScheduleIsBitIdenticalAndPredictedExactly(int which) {
    Random r = new Random(which);
    int rows = 8;
    float[] x = new float[rows * 5];
    float[] y = new float[rows * 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < rows; i++) {
      y[i * 3 + r.nextInt(3)] = 1f;
    }
    int steps = 3;
    Model ref = model(which, 7);
    TrainingStep refStep = new TrainingStep(ref, SoftmaxCrossEntropy.INSTANCE, new Adam(0.01f), rows, 1);
    double[] refLoss = new double[steps];
    for (int s = 0; s < steps; s++) {
      refLoss[s] = refStep.step(x, y, rows);
    }
    ModelNetwork net = refStep.network();
    int n = net.blocks();
    int[] widths = net.widths();
    long[] costs = net.blockCosts(rows);
    boolean saves = false;
    for (int b = 1; b <= n; b++) {
      saves |= widths[b] > net.width(b);
    }
    assertTrue(saves, "some block keeps more than its output");
    if (which == 1) {
      BatchNorm bn = (BatchNorm) ref.block(3);
      assertNotEquals(0f, bn.runningMean()[0], "running statistics were updated");
    }
    for (int threads = 1; threads <= 2; threads++) {
      for (ActivationSchedule sched : schedules(n, widths, rows)) {
        Plan plan;
        try {
          plan = Planner.plan(sched, widths, costs, rows);
        } catch (IllegalArgumentException infeasible) {
          continue; // e.g. a budget below the smallest feasible plan
        }
        Model m = model(which, 7);
        TrainingStep step = new TrainingStep(m, SoftmaxCrossEntropy.INSTANCE, new Adam(0.01f), sched,
            GradientClipping.none(), LearningRateSchedule.constant(), rows, threads);
        String what = sched.spec() + " model " + which + " threads " + threads;
        ActivationSchedule.Execution e = step.execution(rows);
        Probes.JolPeak probe = new Probes.JolPeak();
        e.setProbe(probe);
        for (int s = 0; s < steps; s++) {
          double l = step.step(x, y, rows);
          assertEquals(Double.doubleToRawLongBits(refLoss[s]), Double.doubleToRawLongBits(l), what + " loss step " + s);
          if (s == 0) {
            e.setProbe(null);
            assertEquals(plan.peakKeptBytes(), probe.peak, what + ": JOL peak vs plan");
          }
        }
        ScheduleEquivalenceTest.assertBits(refStep.output(), step.output(), what + " output");
        assertSameTensors(ref, m, what);
        for (int i = 0; i < n; i++) {
          assertEquals(plan.forwardCalls(i) * steps, e.forwardCalls(i), what + " forward calls of block " + i);
        }
      }
    }
  }

  @ParameterizedTest(name = "trainer, model {0}")
  @ValueSource(ints = {1, 2})
  void trainerFitKeepsRunningStatisticsIdentical(int which) {
    Random r = new Random(3);
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
    List<Supplier<ActivationSchedule>> all = List.of(() -> StoreAll.INSTANCE, () -> new EveryK(2),
        () -> SqrtN.INSTANCE, () -> new Revolve(2), () -> new SplitSchedule(5), () -> new MemoryBudget(1L << 12));
    Model ref = null;
    for (Supplier<ActivationSchedule> sup : all) {
      ActivationSchedule s = sup.get();
      Model m = model(which, 5);
      TrainerConfig cfg = TrainerConfig.builder().batchSize(16).epochs(2).seed(3)
          .optimizer(new Momentum(0.05f, 0.9f, false, 1e-3f)).schedule(s).threads(s instanceof Revolve ? 2 : 1).build();
      try {
        new Trainer(m, SoftmaxCrossEntropy.INSTANCE, cfg).fit(data, null);
      } catch (IllegalArgumentException infeasible) {
        assertTrue(s instanceof MemoryBudget, infeasible.getMessage());
        continue;
      }
      if (ref == null) {
        ref = m;
        continue;
      }
      assertSameTensors(ref, m, s.spec());
    }
  }
}
