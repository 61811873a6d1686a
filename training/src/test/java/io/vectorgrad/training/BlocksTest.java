package io.vectorgrad.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.training.backprop.StoreAll;
import io.vectorgrad.training.data.ArrayDataset;
import io.vectorgrad.training.data.Spirals;
import io.vectorgrad.training.layers.BatchNorm;
import io.vectorgrad.training.layers.LayerNorm;
import io.vectorgrad.training.layers.NormKind;
import io.vectorgrad.training.layers.Parameter;
import io.vectorgrad.training.layers.Residual;
import io.vectorgrad.training.layers.TrainingPass;
import io.vectorgrad.training.loss.SoftmaxCrossEntropy;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.optim.Adam;
import io.vectorgrad.training.optim.GradientClipping;
import io.vectorgrad.training.optim.LearningRateSchedule;
import io.vectorgrad.training.optim.Momentum;
import io.vectorgrad.training.optim.Sgd;
import io.vectorgrad.training.serve.Predictor;
import io.vectorgrad.training.trainer.GradientNormSummary;
import io.vectorgrad.training.trainer.ModelNetwork;
import io.vectorgrad.training.trainer.Trainer;
import io.vectorgrad.training.trainer.TrainerConfig;
import io.vectorgrad.training.trainer.TrainingResult;
import io.vectorgrad.training.trainer.TrainingStep;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Residual, LayerNorm and BatchNorm blocks: hand-computed cases, inference vs training, allocation, utilities. */
class BlocksTest {
  static Model mixed(long seed) {
    return Model.builder(6).dense(8, Activation.RELU).dropout(0.1f).residual(2, NormKind.LAYER)
        .residual(1, NormKind.BATCH, Activation.TANH, 5).batchNorm().layerNorm().dense(4, Activation.SOFTMAX)
        .build(seed);
  }

  @Test
  void layerNormHandComputed() {
    LayerNorm ln = new LayerNorm("n", 3);
    ln.parameters().get(0).values()[2] = 2f; // γ = (1, 1, 2)
    ln.parameters().get(1).values()[0] = 0.5f; // β = (0.5, 0, 0)
    float[] y = new float[3];
    ln.forward(new float[] {1, 2, 3}, y, null, 1, 1, null);
    double rstd = 1 / Math.sqrt(2.0 / 3 + 1e-5);
    assertEquals(-rstd + 0.5, y[0], 1e-6);
    assertEquals(0, y[1], 1e-6);
    assertEquals(2 * rstd, y[2], 1e-6);
  }

  @Test
  void batchNormUsesBatchStatisticsInTrainingAndRunningOnesAtInference() {
    BatchNorm bn = new BatchNorm("bn", 2);
    float[] x = {1, 10, 3, 20}; // column means 2 and 15, biased variances 1 and 25
    float[] y = new float[4];
    TrainingPass pass = new TrainingPass(null);
    bn.forward(x, y, null, 2, 1, pass);
    assertEquals(-1, y[0], 1e-4);
    assertEquals(1, y[2], 1e-4);
    assertEquals(-1, y[1], 1e-4);
    // forward never touches the running statistics, backward folds the batch in once
    assertArrayEquals(new float[] {0, 0}, bn.runningMean());
    bn.backward(x, y, new float[4], null, 2, 1, pass);
    assertEquals(0.2f, bn.runningMean()[0], 1e-6f);
    assertEquals(1.5f, bn.runningMean()[1], 1e-6f);
    assertEquals(0.9f + 0.1f * 2f, bn.runningVariance()[0], 1e-6f); // unbiased variance 2
    assertEquals(0.9f + 0.1f * 50f, bn.runningVariance()[1], 1e-5f);
    float[] inf = new float[2];
    bn.forward(new float[] {0.2f, 1.5f}, inf, null, 1, 1, null);
    assertArrayEquals(new float[] {0, 0}, inf, 1e-6f);
  }

  @Test
  void residualStartsAsTheIdentity() {
    Residual r = (Residual) Model.builder(3).dense(4, Activation.TANH).residual(1, NormKind.LAYER)
        .dense(2, Activation.SOFTMAX).build(1).block(1);
    float[] x = TestData.randomArray(2 * 4, 3, 1);
    float[] out = new float[2 * (4 + r.savedWidth())];
    r.forward(x, out, null, 2, 1, null);
    assertArrayEquals(x, java.util.Arrays.copyOf(out, 8));
    assertEquals(List.of("layers.1.norm.weight", "layers.1.norm.bias", "layers.1.fc1.weight", "layers.1.fc1.bias",
        "layers.1.fc2.weight", "layers.1.fc2.bias"), r.parameters().stream().map(Parameter::name).toList());
  }

  @Test
  void inferenceForwardIsTheTrainingForwardInEvaluationMode() {
    Model m = mixed(4);
    float[] x = TestData.randomArray(5 * 6, 1, 1);
    float[] y = TestData.oneHot(5, 4, 2);
    // a few steps so that the BatchNorm running statistics are not the initial ones
    TrainingStep step = new TrainingStep(m, SoftmaxCrossEntropy.INSTANCE, new Adam(0.01f), 5, 1);
    for (int i = 0; i < 3; i++) {
      step.step(x, y, 5);
    }
    ModelNetwork net = new ModelNetwork(m, SoftmaxCrossEntropy.INSTANCE, 5, 1);
    net.setBatch(y, 5);
    net.setTraining(false);
    io.vectorgrad.training.backprop.ActivationSchedule.Execution e = StoreAll.INSTANCE.prepare(net.widths(), 5);
    e.run(net, x);
    float[] out = new float[5 * 4];
    m.forward(x, 5, out);
    assertArrayEquals(java.util.Arrays.copyOf(e.output(), 20), out);
    new Predictor(m, 8, 1).predictBatch(x, 5, out);
    assertArrayEquals(java.util.Arrays.copyOf(e.output(), 20), out);
    assertEquals(m.toString(), m.copy().toString());
  }

  @Test
  void warmStepsWithResidualAndNormBlocksAllocateNothing() {
    Model m = mixed(3);
    TrainingStep step = new TrainingStep(m, SoftmaxCrossEntropy.INSTANCE, new Momentum(0.01f, 0.9f, true, 1e-4f),
        StoreAll.INSTANCE, GradientClipping.byGlobalNorm(1f), LearningRateSchedule.constant(), 8, 1);
    Predictor p = new Predictor(m, 8, 1);
    float[] x = TestData.randomArray(8 * 6, 1, 1);
    float[] y = TestData.oneHot(8, 4, 1);
    float[] out = new float[8 * 4];
    int[] i = {0};
    Allocations.assertWarmAllocatesNothing(() -> {
      step.step(x, y, i[0]++ % 3 == 0 ? 5 : 8);
      p.predictBatch(x, 3, out);
    }, 30000, 1000, "training steps and predictions");
  }

  @Test
  void l2WeightDecayForSgd() {
    Model m = Model.builder(1).dense(1, Activation.LINEAR).build(1);
    m.dense(0).weights()[0] = 2f;
    m.dense(0).bias()[0] = -1f;
    m.dense(0).weightGradients()[0] = 0.5f;
    m.dense(0).biasGradients()[0] = 0.25f;
    new Sgd(0.1f, 0.01f).step(m);
    assertEquals(2f - 0.1f * (0.5f + 0.01f * 2f), m.dense(0).weights()[0], 1e-7f);
    assertEquals(-1f - 0.1f * (0.25f - 0.01f), m.dense(0).bias()[0], 1e-7f);
    assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1f, -1f));
    assertThrows(IllegalArgumentException.class,
        () -> io.vectorgrad.training.spec.OptimizerSpec.ADAM.create(0.1, 0.01));
    assertEquals(0.01f, ((Momentum) io.vectorgrad.training.spec.OptimizerSpec.MOMENTUM.create(0.1, 0.01))
        .weightDecay());
  }

  @Test
  void gradientNormSummaryIsRunningStatistics() {
    GradientNormSummary s = new GradientNormSummary(List.of("a", "b"));
    s.add(new float[] {1, 4});
    s.add(new float[] {3, 4});
    s.add(new float[] {2, 4});
    assertEquals(3, s.steps());
    assertEquals(2, s.mean(0), 1e-12);
    assertEquals(Math.sqrt(2.0 / 3), s.standardDeviation(0), 1e-12);
    assertEquals(1, s.min(0));
    assertEquals(3, s.max(0));
    assertEquals(2, s.last(0));
    assertEquals(0.5, s.firstToLastRatio(), 1e-12);
    assertTrue(s.warnings().isEmpty(), s.warnings()::toString);
    s.add(new float[] {0, 1e5f});
    assertTrue(s.exploding());
    GradientNormSummary v = new GradientNormSummary(List.of("a", "b"));
    v.add(new float[] {1e-9f, 1f});
    assertTrue(v.vanishing());
    assertTrue(v.warnings().get(0).startsWith("vanishing gradients: a's"), v.warnings()::toString);
  }

  /** The failure: a deep plain sigmoid chain vanishes (warned), the residual LayerNorm one does not. */
  @Test
  void deepSigmoidChainVanishesAndResidualDoesNot() {
    ArrayDataset data = Spirals.create(3, 60, 0.1, 1);
    TrainerConfig cfg = TrainerConfig.builder().batchSize(30).epochs(1).seed(1).optimizer(new Adam(1e-3f)).build();
    Model.Builder plain = Model.builder(2);
    for (int i = 0; i < 48; i++) {
      plain.dense(16, Activation.SIGMOID);
    }
    TrainingResult p = new Trainer(plain.dense(3, Activation.SOFTMAX).build(1), SoftmaxCrossEntropy.INSTANCE, cfg)
        .fit(data, null);
    assertTrue(p.gradientNorms().vanishing(), p.gradientNorms()::toString);
    assertTrue(p.gradientNorms().toString().contains("warning: vanishing gradients"), p.gradientNorms()::toString);
    Model res = Model.builder(2).dense(16, Activation.SIGMOID).residual(47, NormKind.LAYER).dense(3, Activation.SOFTMAX)
        .build(1);
    TrainingResult r = new Trainer(res, SoftmaxCrossEntropy.INSTANCE, cfg).fit(data, null);
    assertFalse(r.gradientNorms().vanishing(), r.gradientNorms()::toString);
    assertEquals(49, r.gradientNorms().size());
  }
}
