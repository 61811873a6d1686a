package io.vectorgrad.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.training.gradcheck.GradientCheck;
import io.vectorgrad.training.gradcheck.GradientCheckReport;
import io.vectorgrad.training.layers.Block;
import io.vectorgrad.training.layers.BatchNorm;
import io.vectorgrad.training.layers.Dense;
import io.vectorgrad.training.layers.DenseBlock;
import io.vectorgrad.training.layers.NormKind;
import io.vectorgrad.training.layers.Parameter;
import io.vectorgrad.training.layers.TrainingPass;
import io.vectorgrad.training.loss.BinaryCrossEntropy;
import io.vectorgrad.training.loss.Loss;
import io.vectorgrad.training.loss.MeanSquaredError;
import io.vectorgrad.training.loss.SoftmaxCrossEntropy;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gradient check runs the training code itself (float forward, central differences): a correct
 * backward stays within float rounding, a wrong one does not.
 */
class GradientCheckTest {
  /** What float central differences with h = 1e-3 reach on these small smooth networks. */
  static final double TOL = 5e-3;

  private static GradientCheckReport check(Model m, Loss loss, float[] target, int rows, long seed) {
    float[] x = TestData.randomArray(rows * m.inputSize(), seed, 1.0);
    return GradientCheck.check(m, loss, x, target, rows, new GradientCheck.Options(1e-3, 64, 3, 7, 1e-2));
  }

  /** Every parameter random (γ near 1), so that no gradient is trivially zero (fc2 starts at zero). */
  static Model randomize(Model m, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (Parameter p : m.parameters()) {
      boolean scale = p.name().endsWith("norm.weight") || (p.shape().length == 1 && isNormWeight(m, p));
      float[] v = p.values();
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) ((scale ? 1 : 0) + 0.4 * (r.nextDouble() - 0.5));
      }
    }
    return m;
  }

  private static boolean isNormWeight(Model m, Parameter p) {
    for (Block b : m.blocks()) {
      if (b instanceof io.vectorgrad.training.layers.Normalization && b.parameters().get(0) == p) {
        return true;
      }
    }
    return false;
  }

  @ParameterizedTest
  @EnumSource(value = Activation.class, names = {"TANH", "SIGMOID", "LINEAR"})
  void hiddenActivationWithMse(Activation act) {
    Model m = Model.builder(5).dense(7, act).dense(4, act).dense(3, Activation.LINEAR).build(11);
    GradientCheckReport r = check(m, MeanSquaredError.INSTANCE, TestData.randomArray(6 * 3, 2, 1), 6, 1);
    assertTrue(r.passes(TOL), () -> act + "\n" + r);
    assertEquals(6, r.tensors().size());
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void outputActivationWithMse(Activation act) {
    Model m = Model.builder(4).dense(6, Activation.TANH).dense(3, act).build(5);
    GradientCheckReport r = check(m, MeanSquaredError.INSTANCE, TestData.randomArray(5 * 3, 9, 1), 5, 2);
    assertTrue(r.passes(TOL), () -> act + "\n" + r);
  }

  @Test
  void softmaxCrossEntropy() {
    Model m = Model.builder(6).dense(8, Activation.TANH).dense(5, Activation.SOFTMAX).build(3);
    GradientCheckReport r = check(m, SoftmaxCrossEntropy.INSTANCE, TestData.oneHot(7, 5, 4), 7, 3);
    assertTrue(r.passes(TOL), r::toString);
  }

  @Test
  void binaryCrossEntropy() {
    Model m = Model.builder(3).dense(5, Activation.TANH).dense(2, Activation.SIGMOID).build(8);
    GradientCheckReport r = check(m, BinaryCrossEntropy.INSTANCE, TestData.binary(6 * 2, 5), 6, 4);
    assertTrue(r.passes(TOL), r::toString);
  }

  @ParameterizedTest
  @EnumSource(value = Activation.class, names = {"TANH", "SIGMOID"})
  void dropoutWithFixedMask(Activation act) {
    Model m = Model.builder(4).dense(9, act).dropout(0.4f).dense(6, Activation.TANH).dropout(0.25f)
        .dense(3, Activation.SOFTMAX).build(21);
    GradientCheckReport r = check(m, SoftmaxCrossEntropy.INSTANCE, TestData.oneHot(5, 3, 6), 5, 8);
    assertTrue(r.passes(TOL), () -> act + "\n" + r);
  }

  @ParameterizedTest
  @EnumSource(NormKind.class)
  void residualBlocks(NormKind norm) {
    Model m = randomize(Model.builder(5).dense(6, Activation.TANH).residual(2, norm).dense(3, Activation.SOFTMAX)
        .build(4), 12);
    GradientCheckReport r = check(m, SoftmaxCrossEntropy.INSTANCE, TestData.oneHot(6, 3, 2), 6, 5);
    assertTrue(r.passes(TOL), () -> norm + "\n" + r);
    assertTrue(r.worstNormRelativeError() < 1e-3, () -> norm + "\n" + r);
    assertTrue(r.tensors().stream().anyMatch(t -> t.name().equals("layers.2.fc2.weight")), r::toString);
  }

  @Test
  void residualProjectionAndStandaloneNorms() {
    Model m = randomize(Model.builder(4).dense(5, Activation.SIGMOID).layerNorm()
        .residual(1, NormKind.BATCH, Activation.TANH, 7).batchNorm().dense(2, Activation.SIGMOID).build(9), 3);
    GradientCheckReport r = check(m, BinaryCrossEntropy.INSTANCE, TestData.binary(8 * 2, 3), 8, 6);
    assertTrue(r.passes(TOL), r::toString);
    Model p = randomize(Model.builder(3)
        .block(io.vectorgrad.training.model.Architecture.BlockSpec.residual(5, 6, NormKind.LAYER, Activation.TANH))
        .dense(2, Activation.LINEAR).build(2), 8);
    GradientCheckReport rp = check(p, MeanSquaredError.INSTANCE, TestData.randomArray(4 * 2, 5, 1), 4, 7);
    assertTrue(rp.passes(TOL), rp::toString);
    assertTrue(rp.tensors().stream().anyMatch(t -> t.name().equals("layers.0.proj.weight")), rp::toString);
  }

  @Test
  void batchNormRunningStatisticsUntouchedByTheCheck() {
    Model m = randomize(Model.builder(3).dense(4, Activation.TANH).batchNorm().dense(2, Activation.SOFTMAX).build(1), 2);
    BatchNorm bn = (BatchNorm) m.block(1);
    float[] mean = bn.runningMean().clone();
    check(m, SoftmaxCrossEntropy.INSTANCE, TestData.oneHot(5, 2, 1), 5, 1);
    org.junit.jupiter.api.Assertions.assertArrayEquals(mean, bn.runningMean());
  }

  @Test
  void deepSigmoidStackSampledEntries() {
    Model m = Model.builder(30).dense(40, Activation.SIGMOID).dense(40, Activation.SIGMOID)
        .dense(40, Activation.SIGMOID).dense(10, Activation.SOFTMAX).build(99);
    float[] x = TestData.randomArray(4 * 30, 1, 1);
    // gradients of ~1e-4 at the first layers: float loss noise (~1e-7 of 2.9) needs a larger step
    GradientCheckReport r = GradientCheck.check(m, SoftmaxCrossEntropy.INSTANCE, x, TestData.oneHot(4, 10, 2), 4,
        new GradientCheck.Options(1e-2, 64, 1, 0, 1e-3));
    assertTrue(r.passes(5e-2), r::toString);
    assertEquals(64, r.tensors().get(0).checked());
    assertEquals(1200, r.tensors().get(0).entries());
  }

  /** A Dense block whose weight gradient is 10% too large: the mistake a check must catch. */
  static final class WrongBackward implements Block {
    final DenseBlock inner;

    WrongBackward(DenseBlock inner) {
      this.inner = inner;
    }

    @Override public int inputWidth() { return inner.inputWidth(); }
    @Override public int outputWidth() { return inner.outputWidth(); }
    @Override public List<Parameter> parameters() { return inner.parameters(); }
    @Override public List<Dense> denseLayers() { return inner.denseLayers(); }
    @Override public long forwardFlops(int rows) { return inner.forwardFlops(rows); }
    @Override public Block copy() { return new WrongBackward(inner.copy()); }
    @Override public String describe() { return "wrong " + inner.describe(); }

    @Override
    public void forward(float[] in, float[] out, float[] z, int rows, int threads, TrainingPass pass) {
      inner.forward(in, out, z, rows, threads, pass);
    }

    @Override
    public void backward(float[] in, float[] out, float[] dOut, float[] dIn, int rows, int threads, TrainingPass pass) {
      inner.backward(in, out, dOut, dIn, rows, threads, pass);
      float[] g = inner.dense().weightGradients();
      for (int i = 0; i < g.length; i++) {
        g[i] *= 1.1f;
      }
    }
  }

  @Test
  void failsOnADeliberatelyWrongBackward() {
    Model good = Model.builder(4).dense(6, Activation.TANH).dense(3, Activation.SOFTMAX).build(5);
    Model bad = Model.of(4, List.of(new WrongBackward((DenseBlock) good.copy().block(0)), good.copy().block(1)));
    float[] y = TestData.oneHot(5, 3, 1);
    GradientCheckReport ok = check(good, SoftmaxCrossEntropy.INSTANCE, y, 5, 3);
    GradientCheckReport wrong = check(bad, SoftmaxCrossEntropy.INSTANCE, y, 5, 3);
    assertTrue(ok.passes(TOL), ok::toString);
    assertTrue(!wrong.passes(TOL), wrong::toString);
    assertEquals("layers.0.weight", wrong.worstTensor().name(), wrong::toString);
    assertTrue(wrong.worstRelativeError() > 0.05, wrong::toString);
    assertTrue(wrong.worstNormRelativeError() > 0.05, wrong::toString);
    assertTrue(ok.worstNormRelativeError() < 1e-3, ok::toString);
  }
}
