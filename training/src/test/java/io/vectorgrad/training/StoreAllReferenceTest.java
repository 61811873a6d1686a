package io.vectorgrad.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.backprop.StoreAll;
import io.vectorgrad.training.layers.Dense;
import io.vectorgrad.training.loss.Loss;
import io.vectorgrad.training.loss.MeanSquaredError;
import io.vectorgrad.training.loss.SoftmaxCrossEntropy;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.optim.Adam;
import io.vectorgrad.training.trainer.ModelNetwork;
import io.vectorgrad.training.trainer.TrainingStep;
import org.junit.jupiter.api.Test;

/**
 * StoreAll through the SPI against a straightforward backprop written here from scratch (double loops,
 * no kernels, no SPI): an independent check of ModelNetwork and Dense.backward.
 */
class StoreAllReferenceTest {
  /** Plain backprop; returns [layer][0 = dW, 1 = db] and the loss in out[0]. */
  private static double[][][] naive(Model m, boolean softmaxCe, float[] x, float[] y, int rows, double[] lossOut) {
    int n = m.denseCount();
    double[][] a = new double[n + 1][];
    a[0] = new double[rows * m.inputSize()];
    for (int i = 0; i < a[0].length; i++) {
      a[0][i] = x[i];
    }
    for (int l = 0; l < n; l++) {
      Dense d = m.dense(l);
      int in = d.inputSize();
      int out = d.outputSize();
      a[l + 1] = new double[rows * out];
      for (int r = 0; r < rows; r++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int o = 0; o < out; o++) {
          double z = d.bias()[o];
          for (int k = 0; k < in; k++) {
            z += a[l][r * in + k] * d.weights()[o * in + k];
          }
          double v;
          switch (m.activation(l)) {
            case RELU: v = Math.max(z, 0); break;
            case SIGMOID: v = 1 / (1 + Math.exp(-z)); break;
            case TANH: v = Math.tanh(z); break;
            case LEAKY_RELU: v = z > 0 ? z : 0.01 * z; break;
            default: v = z; break; // LINEAR, and SOFTMAX's exponent input
          }
          a[l + 1][r * out + o] = v;
          max = Math.max(max, z);
        }
        if (m.activation(l) == Activation.SOFTMAX) {
          double s = 0;
          for (int o = 0; o < out; o++) {
            s += Math.exp(a[l + 1][r * out + o] - max);
          }
          for (int o = 0; o < out; o++) {
            a[l + 1][r * out + o] = Math.exp(a[l + 1][r * out + o] - max) / s;
          }
        }
      }
    }
    int outW = m.outputSize();
    double[] delta = new double[rows * outW];
    double loss = 0;
    for (int i = 0; i < delta.length; i++) {
      double p = a[n][i];
      delta[i] = p - y[i];
      loss += softmaxCe ? (y[i] > 0 ? -y[i] * Math.log(p) : 0) : 0.5 * (p - y[i]) * (p - y[i]);
    }
    lossOut[0] = loss / rows;
    double[][][] grads = new double[n][2][];
    for (int l = n - 1; l >= 0; l--) {
      Dense d = m.dense(l);
      int in = d.inputSize();
      int out = d.outputSize();
      if (!(l == n - 1 && softmaxCe)) {
        for (int i = 0; i < delta.length; i++) {
          double v = a[l + 1][i];
          switch (m.activation(l)) {
            case RELU: delta[i] *= v > 0 ? 1 : 0; break;
            case SIGMOID: delta[i] *= v * (1 - v); break;
            case TANH: delta[i] *= 1 - v * v; break;
            case LEAKY_RELU: delta[i] *= v > 0 ? 1 : 0.01; break;
            default: break;
          }
        }
      }
      double[] dW = new double[out * in];
      double[] db = new double[out];
      double[] prev = new double[rows * in];
      for (int r = 0; r < rows; r++) {
        for (int o = 0; o < out; o++) {
          double dz = delta[r * out + o];
          db[o] += dz / rows;
          for (int k = 0; k < in; k++) {
            dW[o * in + k] += dz * a[l][r * in + k] / rows;
            prev[r * in + k] += dz * d.weights()[o * in + k];
          }
        }
      }
      grads[l][0] = dW;
      grads[l][1] = db;
      delta = prev;
    }
    return grads;
  }

  private static void compare(Model m, Loss loss, boolean softmaxCe, long seed) {
    int rows = 6;
    float[] x = TestData.randomArray(rows * m.inputSize(), seed, 1);
    float[] y = softmaxCe ? TestData.oneHot(rows, m.outputSize(), seed + 1)
        : TestData.randomArray(rows * m.outputSize(), seed + 1, 1);
    ModelNetwork net = new ModelNetwork(m, loss, rows, 1);
    net.setBatch(y, rows);
    ActivationSchedule.Execution exec = StoreAll.INSTANCE.prepare(net.widths(), rows);
    exec.run(net, x);
    double[] expectedLoss = new double[1];
    double[][][] g = naive(m, softmaxCe, x, y, rows, expectedLoss);
    assertEquals(expectedLoss[0], net.lastLoss(), 1e-5 * Math.max(1, expectedLoss[0]));
    for (int l = 0; l < m.denseCount(); l++) {
      assertClose(g[l][0], m.dense(l).weightGradients(), "layers." + l + ".weight");
      assertClose(g[l][1], m.dense(l).biasGradients(), "layers." + l + ".bias");
    }
    assertEquals(1, exec.forwardCalls(0));
  }

  private static void assertClose(double[] expected, float[] actual, String name) {
    double scale = 0;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(expected[i] - actual[i]);
      assertTrue(err <= 1e-5 * scale + 1e-7, name + "[" + i + "]: expected " + expected[i] + ", got " + actual[i]);
    }
  }

  @Test
  void softmaxCrossEntropyNetwork() {
    Model m = Model.builder(7).dense(9, Activation.RELU).dense(8, Activation.SIGMOID).dense(6, Activation.TANH)
        .dense(4, Activation.SOFTMAX).build(17);
    compare(m, SoftmaxCrossEntropy.INSTANCE, true, 3);
  }

  @Test
  void mseNetwork() {
    Model m = Model.builder(5).dense(6, Activation.LEAKY_RELU).dense(3, Activation.LINEAR).dense(2, Activation.SIGMOID)
        .build(23);
    compare(m, MeanSquaredError.INSTANCE, false, 5);
  }

  @Test
  void trainingStepAllocatesNothingOnceWarm() {
    Model m = Model.builder(8).dense(16, Activation.RELU).dropout(0.1f).dense(12, Activation.LEAKY_RELU).dropout(0.2f)
        .dense(4, Activation.LINEAR).build(3);
    assertWarmStepsAllocateNothing(m, MeanSquaredError.INSTANCE);
  }

  @Test
  void softmaxTanhSigmoidTrainingStepAllocatesNothingOnceWarm() {
    // tanh, sigmoid and softmax run the Panama exp/expm1 kernels, which must not box vectors either
    Model m = Model.builder(8).dense(16, Activation.TANH).dense(12, Activation.SIGMOID).dropout(0.1f)
        .dense(4, Activation.SOFTMAX).build(5);
    assertWarmStepsAllocateNothing(m, SoftmaxCrossEntropy.INSTANCE);
  }

  @Test
  void twoThreadTrainingStepAllocatesNothingOnceWarm() {
    // 64×256×256 GEMMs are above the parallel threshold: the worker pool's hand-off and the packed kernels on
    // both threads run; the calling thread's share must not box vectors or allocate tickets
    int batch = 64;
    Model m = Model.builder(256).dense(256, Activation.RELU).dense(10, Activation.SOFTMAX).build(9);
    TrainingStep step = new TrainingStep(m, SoftmaxCrossEntropy.INSTANCE, new Adam(1e-3f), batch, 2);
    float[] x = TestData.randomArray(batch * 256, 1, 2);
    float[] y = new float[batch * 10];
    for (int r = 0; r < batch; r++) {
      y[r * 10 + r % 10] = 1f;
    }
    Allocations.assertWarmAllocatesNothing(() -> step.step(x, y, batch), 2000, 200, "2-thread training steps");
  }

  private static void assertWarmStepsAllocateNothing(Model m, io.vectorgrad.training.loss.Loss loss) {
    TrainingStep step = new TrainingStep(m, loss, new Adam(1e-3f), 8, 1);
    float[] x = TestData.randomArray(8 * m.inputSize(), 1, 1);
    float[] y = new float[8 * m.outputSize()];
    for (int r = 0; r < 8; r++) {
      y[r * m.outputSize() + r % m.outputSize()] = 1f; // one-hot rows: valid targets for every loss here
    }
    int[] i = {0};
    // a full and a partial batch size
    Allocations.assertWarmAllocatesNothing(() -> step.step(x, y, i[0]++ % 3 == 0 ? 5 : 8), 50000, 1000,
        "training steps");
  }

  @Test
  void badShapesAreRejectedClearly() {
    Model m = Model.builder(3).dense(2, Activation.SOFTMAX).build(1);
    TrainingStep step = new TrainingStep(m, SoftmaxCrossEntropy.INSTANCE, new Adam(1e-3f), 4, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> step.step(new float[5], new float[4], 2));
    assertTrue(e.getMessage().contains("rows×inputSize = 2×3"), e.getMessage());
    IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
        () -> step.step(new float[15], new float[10], 5));
    assertTrue(big.getMessage().contains("expected 1..4"), big.getMessage());
    IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
        () -> step.step(new float[6], new float[3], 2));
    assertTrue(t.getMessage().contains("targets"), t.getMessage());
    float[] out = new float[2];
    IllegalArgumentException f = assertThrows(IllegalArgumentException.class, () -> m.forward(new float[2], 1, out));
    assertTrue(f.getMessage().contains("rows×inputSize = 1×3"), f.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new io.vectorgrad.training.layers.Dense(0, 3));
    assertThrows(IllegalArgumentException.class, () -> new io.vectorgrad.training.layers.Dropout(3, -0.1f, 1));
  }
}
