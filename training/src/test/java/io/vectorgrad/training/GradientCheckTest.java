package io.vectorgrad.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.training.gradcheck.GradientCheck;
import io.vectorgrad.training.gradcheck.GradientCheckReport;
import io.vectorgrad.training.loss.BinaryCrossEntropy;
import io.vectorgrad.training.loss.Loss;
import io.vectorgrad.training.loss.MeanSquaredError;
import io.vectorgrad.training.loss.SoftmaxCrossEntropy;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class GradientCheckTest {
  private static final double DOUBLE_TOL = 1e-6;
  private static final double FLOAT_TOL = 2e-2;

  private static GradientCheckReport check(Model m, Loss loss, float[] target, int rows, long seed) {
    float[] x = TestData.randomArray(rows * m.inputSize(), seed, 1.0);
    return GradientCheck.check(m, loss, x, target, rows,
        new GradientCheck.Options(1e-5, 64, 3, 7, 1e-4));
  }

  @ParameterizedTest
  @EnumSource(value = Activation.class, names = "SOFTMAX", mode = EnumSource.Mode.EXCLUDE)
  void hiddenActivationWithMse(Activation act) {
    Model m = Model.builder(5).dense(7, act).dense(4, act).dense(3, Activation.LINEAR).build(11);
    GradientCheckReport r = check(m, MeanSquaredError.INSTANCE, TestData.randomArray(6 * 3, 2, 1), 6, 1);
    assertTrue(r.worstRelativeError() < DOUBLE_TOL, () -> act + "\n" + r);
    assertTrue(r.worstFloatRelativeError() < FLOAT_TOL, () -> act + "\n" + r);
    assertEquals(6, r.tensors().size());
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void outputActivationWithMse(Activation act) {
    Model m = Model.builder(4).dense(6, Activation.TANH).dense(3, act).build(5);
    GradientCheckReport r = check(m, MeanSquaredError.INSTANCE, TestData.randomArray(5 * 3, 9, 1), 5, 2);
    assertTrue(r.worstRelativeError() < DOUBLE_TOL, () -> act + "\n" + r);
    assertTrue(r.worstFloatRelativeError() < FLOAT_TOL, () -> act + "\n" + r);
  }

  @Test
  void softmaxCrossEntropy() {
    Model m = Model.builder(6).dense(8, Activation.RELU).dense(5, Activation.SOFTMAX).build(3);
    GradientCheckReport r = check(m, SoftmaxCrossEntropy.INSTANCE, TestData.oneHot(7, 5, 4), 7, 3);
    assertTrue(r.worstRelativeError() < DOUBLE_TOL, r::toString);
    assertTrue(r.worstFloatRelativeError() < FLOAT_TOL, r::toString);
  }

  @Test
  void binaryCrossEntropy() {
    Model m = Model.builder(3).dense(5, Activation.LEAKY_RELU).dense(2, Activation.SIGMOID).build(8);
    GradientCheckReport r = check(m, BinaryCrossEntropy.INSTANCE, TestData.binary(6 * 2, 5), 6, 4);
    assertTrue(r.worstRelativeError() < DOUBLE_TOL, r::toString);
    assertTrue(r.worstFloatRelativeError() < FLOAT_TOL, r::toString);
  }

  @ParameterizedTest
  @EnumSource(value = Activation.class, names = "SOFTMAX", mode = EnumSource.Mode.EXCLUDE)
  void dropoutWithFixedMask(Activation act) {
    Model m = Model.builder(4).dense(9, act).dropout(0.4f).dense(6, Activation.TANH).dropout(0.25f)
        .dense(3, Activation.SOFTMAX).build(21);
    GradientCheckReport r = check(m, SoftmaxCrossEntropy.INSTANCE, TestData.oneHot(5, 3, 6), 5, 8);
    assertTrue(r.worstRelativeError() < DOUBLE_TOL, () -> act + "\n" + r);
    assertTrue(r.worstFloatRelativeError() < FLOAT_TOL, () -> act + "\n" + r);
  }

  @Test
  void deepSigmoidStackSampledEntries() {
    Model m = Model.builder(30).dense(40, Activation.SIGMOID).dense(40, Activation.SIGMOID)
        .dense(40, Activation.SIGMOID).dense(10, Activation.SOFTMAX).build(99);
    float[] x = TestData.randomArray(4 * 30, 1, 1);
    GradientCheckReport r = GradientCheck.check(m, SoftmaxCrossEntropy.INSTANCE, x, TestData.oneHot(4, 10, 2), 4);
    assertTrue(r.worstRelativeError() < 1e-4, r::toString);
    assertEquals(64, r.tensors().get(0).checked());
    assertEquals(1200, r.tensors().get(0).entries());
  }
}
