package io.vectorgrad.kernels;

import static io.vectorgrad.kernels.KernelTesting.SIZES;
import static io.vectorgrad.kernels.KernelTesting.assertBits;
import static io.vectorgrad.kernels.KernelTesting.assertNear;
import static io.vectorgrad.kernels.KernelTesting.assertPadding;
import static io.vectorgrad.kernels.KernelTesting.assertUlp;
import static io.vectorgrad.kernels.KernelTesting.padded;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** Activations through the facade (the run's provider) against double references and hand-computed values. */
class ActivationsTest {
  private static final double EPS = 0x1p-24;

  interface Unary {
    void apply(float[] x, int xOff, float[] out, int outOff, int n);
  }

  interface Backward {
    void apply(float[] a, int aOff, float[] dA, int dAOff, float[] dZ, int dZOff, int n);
  }

  interface Rowwise {
    void apply(float[] x, int xOff, float[] out, int outOff, int rows, int cols);
  }

  private static void checkUnary(String name, Unary op, DoubleUnaryOperator ref, double ulps, float lo, float hi) {
    Random rnd = new Random(21);
    for (int n : SIZES) {
      float[] x = padded(rnd, 3, n, lo, hi);
      float[] out = padded(rnd, 6, n, 0f, 0f);
      op.apply(x, 3, out, 6, n);
      for (int i = 0; i < n; i++) {
        assertUlp(ulps, out[6 + i], ref.applyAsDouble(x[3 + i]), name + "(" + x[3 + i] + ") n=" + n);
      }
      assertPadding(out, 6, n);
      op.apply(x, 3, x, 3, n);
      assertArrayEquals(Arrays.copyOfRange(out, 6, 6 + n), Arrays.copyOfRange(x, 3, 3 + n), name + " in place");
      assertPadding(x, 3, n);
    }
  }

  /** Special values spread over a vector-sized array, so they land in vector lanes and in the scalar tail. */
  private static float[] specials(float... values) {
    float[] x = new float[37];
    for (int i = 0; i < x.length; i++) {
      x[i] = values[i % values.length];
    }
    return x;
  }

  @Test
  void sigmoidMatchesReferenceAndKnownValues() {
    checkUnary("sigmoid", Activations::sigmoid, v -> 1 / (1 + Math.exp(-v)), 4, -30f, 30f);
    float[] x = specials(0f, -0f, 1000f, -1000f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
        Float.MAX_VALUE, -Float.MAX_VALUE, 2f);
    float[] out = new float[x.length];
    Activations.sigmoid(x, 0, out, 0, x.length);
    for (int i = 0; i < x.length; i++) {
      float v = x[i];
      if (v == 2f) {
        assertUlp(4, out[i], 1 / (1 + Math.exp(-2.0)), "sigmoid(2)");
      } else {
        assertBits(Float.isNaN(v) ? Float.NaN : v == 0f ? 0.5f : v > 0f ? 1f : 0f, out[i], "sigmoid(" + v + ")");
      }
    }
  }

  @Test
  void tanhMatchesReferenceAndKnownValues() {
    checkUnary("tanh", Activations::tanh, Math::tanh, 4, -6f, 6f);
    float[] x = specials(0f, -0f, 1000f, -1000f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
        Float.MAX_VALUE, -Float.MAX_VALUE, 1e-30f, -1e-30f, Float.MIN_VALUE);
    float[] out = new float[x.length];
    Activations.tanh(x, 0, out, 0, x.length);
    for (int i = 0; i < x.length; i++) {
      float v = x[i];
      float expected = Float.isNaN(v) ? Float.NaN : Math.abs(v) > 100f ? Math.signum(v) : v; // tanh(x) = x below 1e-4
      assertBits(expected, out[i], "tanh(" + v + ")");
    }
  }

  @Test
  void reluAndLeakyReluAreExact() {
    checkUnary("relu", Activations::relu, v -> v < 0 ? 0 : v, 0, -3f, 3f);
    checkUnary("leakyRelu", (x, xo, o, oo, n) -> Activations.leakyRelu(0.01f, x, xo, o, oo, n),
        v -> v < 0 ? 0.01f * v : v, 0.5, -3f, 3f);
    float[] x = specials(-2f, 3f, 0f, Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
    float[] out = new float[x.length];
    Activations.relu(x, 0, out, 0, x.length);
    float[] leaky = new float[x.length];
    Activations.leakyRelu(0.5f, x, 0, leaky, 0, x.length);
    for (int i = 0; i < x.length; i++) {
      float v = x[i];
      assertBits(Float.isNaN(v) ? v : v < 0 ? 0f : v, out[i], "relu(" + v + ")");
      assertBits(Float.isNaN(v) ? v : v < 0 ? 0.5f * v : v, leaky[i], "leakyRelu(" + v + ")");
    }
    Activations.leakyRelu(0f, x, 0, leaky, 0, x.length);
    for (int i = 0; i < x.length; i++) {
      if (x[i] == Float.NEGATIVE_INFINITY) {
        continue; // slope·x is IEEE arithmetic: 0·(−∞) is NaN
      }
      assertEquals(out[i], leaky[i], 0f, "slope 0 is ReLU (up to the sign of zero) at " + x[i]);
    }
  }

  private static void checkBackward(String name, Backward op, Tolerance ref, float aLo, float aHi) {
    Random rnd = new Random(22);
    for (int n : SIZES) {
      float[] a = padded(rnd, 1, n, aLo, aHi);
      float[] dA = padded(rnd, 4, n, -2f, 2f);
      float[] dZ = padded(rnd, 2, n, 0f, 0f);
      op.apply(a, 1, dA, 4, dZ, 2, n);
      for (int i = 0; i < n; i++) {
        ref.check(a[1 + i], dA[4 + i], dZ[2 + i], name + " n=" + n + " i=" + i);
      }
      assertPadding(dZ, 2, n);
      // in place on dA
      float[] expected = Arrays.copyOfRange(dZ, 2, 2 + n);
      op.apply(a, 1, dA, 4, dA, 4, n);
      assertArrayEquals(expected, Arrays.copyOfRange(dA, 4, 4 + n), name + " in place");
      assertPadding(dA, 4, n);
    }
  }

  interface Tolerance {
    void check(float a, float dA, float dZ, String what);
  }

  @Test
  void backwardKernelsMatchReferences() {
    checkBackward("sigmoidBackward", Activations::sigmoidBackward,
        (a, g, z, w) -> assertUlp(3, z, g * (a * (1.0 - a)), w), 0f, 1f);
    checkBackward("tanhBackward", Activations::tanhBackward,
        (a, g, z, w) -> assertNear(g * (1.0 - (double) a * a), z, 3 * EPS * Math.abs(g) * (1 + a * a), w), -1f, 1f);
    checkBackward("reluBackward", Activations::reluBackward,
        (a, g, z, w) -> assertBits(a > 0 ? g : 0f, z, w), -1f, 1f);
    checkBackward("leakyReluBackward", (a, ao, g, go, z, zo, n) -> Activations.leakyReluBackward(0.1f, a, ao, g, go,
        z, zo, n), (a, g, z, w) -> assertUlp(0.5, z, a > 0 ? g : 0.1f * (double) g, w), -1f, 1f);

    float[] dZ = new float[3];
    Activations.sigmoidBackward(new float[] {0.5f, 0.25f, 1f}, 0, new float[] {2f, 4f, 5f}, 0, dZ, 0, 3);
    assertArrayEquals(new float[] {0.5f, 0.75f, 0f}, dZ);
    Activations.tanhBackward(new float[] {0.5f, -1f, 0f}, 0, new float[] {2f, 4f, 5f}, 0, dZ, 0, 3);
    assertArrayEquals(new float[] {1.5f, 0f, 5f}, dZ);
    Activations.reluBackward(new float[] {0.5f, 0f, -1f}, 0, new float[] {2f, 4f, 5f}, 0, dZ, 0, 3);
    assertArrayEquals(new float[] {2f, 0f, 0f}, dZ);
    Activations.leakyReluBackward(0.5f, new float[] {0.5f, 0f, -1f}, 0, new float[] {2f, 4f, 5f}, 0, dZ, 0, 3);
    assertArrayEquals(new float[] {2f, 2f, 2.5f}, dZ);
  }

  private static double[] softmaxRef(float[] x, int off, int cols, boolean log) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < cols; j++) {
      max = Math.max(max, x[off + j]);
    }
    double sum = 0;
    double others = 0; // the exponentials of the non-maxima
    int maxima = 0;
    for (int j = 0; j < cols; j++) {
      sum += Math.exp(x[off + j] - max);
      if (x[off + j] == max) {
        maxima++;
      } else {
        others += Math.exp(x[off + j] - max);
      }
    }
    others += maxima - 1; // sum − 1, without rounding 1 + tiny
    double[] r = new double[cols];
    for (int j = 0; j < cols; j++) {
      r[j] = log ? x[off + j] - max - Math.log1p(others) : Math.exp(x[off + j] - max) / sum;
    }
    return r;
  }

  private static void checkRowwise(String name, Rowwise op, boolean log) {
    Random rnd = new Random(23);
    for (int rows : new int[] {0, 1, 3}) {
      for (int cols : SIZES) {
        int n = rows * cols;
        float[] x = padded(rnd, 2, n, -20f, 20f);
        float[] out = padded(rnd, 5, n, 0f, 0f);
        op.apply(x, 2, out, 5, rows, cols);
        for (int r = 0; r < rows; r++) {
          double[] ref = softmaxRef(x, 2 + r * cols, cols, log);
          for (int j = 0; j < cols; j++) {
            assertUlp(4, out[5 + r * cols + j], ref[j], name + " " + rows + "x" + cols + " at " + r + "," + j);
          }
        }
        assertPadding(out, 5, n);
        op.apply(x, 2, x, 2, rows, cols);
        assertArrayEquals(Arrays.copyOfRange(out, 5, 5 + n), Arrays.copyOfRange(x, 2, 2 + n), name + " in place");
        assertPadding(x, 2, n);
      }
    }
  }

  @Test
  void softmaxMatchesReferenceAndKnownValues() {
    checkRowwise("softmax", Activations::softmax, false);
    float[] out = new float[3];
    Activations.softmax(new float[] {1f, 2f, 3f}, 0, out, 0, 1, 3);
    double[] known = {0.09003057317038046, 0.24472847105479767, 0.6652409557748219};
    for (int j = 0; j < 3; j++) {
      assertUlp(4, out[j], known[j], "softmax([1,2,3])[" + j + "]");
    }
  }

  @Test
  void logSoftmaxMatchesReferenceAndKnownValues() {
    checkRowwise("logSoftmax", Activations::logSoftmax, true);
    float[] out = new float[3];
    Activations.logSoftmax(new float[] {1f, 2f, 3f}, 0, out, 0, 1, 3);
    double[] known = {-2.4076059644443806, -1.4076059644443804, -0.4076059644443803};
    for (int j = 0; j < 3; j++) {
      assertUlp(4, out[j], known[j], "logSoftmax([1,2,3])[" + j + "]");
    }
    // a dominant logit: the max element's log-probability is -log1p(e^-100) ≈ -3.7e-44, a subnormal
    for (int cols : new int[] {5, 40}) { // the short-row and the long-row path
      for (float gap : new float[] {100f, 20f, 3f}) {
        float[] x = new float[2 * cols];
        Arrays.fill(x, -gap);
        x[cols - 2] = 0f;
        x[cols + 1] = 0f;
        x[cols + 3] = 0f; // row 2 has two maxima
        float[] lo = new float[2 * cols];
        Activations.logSoftmax(x, 0, lo, 0, 2, cols);
        double l1 = Math.log1p((cols - 1) * Math.exp(-gap));
        double l2 = Math.log(2) + Math.log1p((cols - 2) * Math.exp(-gap) / 2);
        assertUlp(4, lo[cols - 2], -l1, "dominant logit, gap " + gap + ", cols " + cols);
        assertUlp(4, lo[0], -gap - l1, "dominated logit, gap " + gap + ", cols " + cols);
        assertUlp(4, lo[cols + 1], -l2, "one of two maxima, gap " + gap + ", cols " + cols);
        assertUlp(4, lo[cols], -gap - l2, "dominated by two maxima, gap " + gap + ", cols " + cols);
      }
    }
  }

  @Test
  void manyShortRowsSpanSeveralBlocks() {
    // short rows are processed in blocks of whole rows (4096 floats): cover block boundaries and a last,
    // partial block, with a NaN row and a -∞ logit inside
    Random rnd = new Random(25);
    for (int cols : new int[] {1, 7, 10, 17, 31}) {
      int rows = 1000;
      float[] x = padded(rnd, 1, rows * cols, -15f, 15f);
      x[1 + 613 * cols] = Float.NaN;
      x[1 + 977 * cols + cols - 1] = Float.NEGATIVE_INFINITY;
      for (boolean log : new boolean[] {false, true}) {
        float[] out = padded(rnd, 2, rows * cols, 0f, 0f);
        if (log) {
          Activations.logSoftmax(x, 1, out, 2, rows, cols);
        } else {
          Activations.softmax(x, 1, out, 2, rows, cols);
        }
        for (int r = 0; r < rows; r++) {
          double[] ref = softmaxRef(x, 1 + r * cols, cols, log);
          for (int j = 0; j < cols; j++) {
            assertUlp(4, out[2 + r * cols + j], ref[j], (log ? "logSoftmax " : "softmax ") + rows + "x" + cols
                + " at " + r + "," + j);
          }
        }
        assertPadding(out, 2, rows * cols);
      }
    }
  }

  @Test
  void softmaxIsStableForHugeLogitsAndPropagatesNaNPerRow() {
    for (int cols : new int[] {3, 40}) {
      float[] x = new float[4 * cols];
      Arrays.fill(x, 0, cols, -1e30f);
      x[1] = 1e30f; // row 0: one huge winner among huge losers
      Arrays.fill(x, cols, 2 * cols, 1e30f); // row 1: all equal and huge
      Arrays.fill(x, 2 * cols, 3 * cols, -1e30f); // row 2: all equal and hugely negative
      Arrays.fill(x, 3 * cols, 4 * cols, 1f);
      x[3 * cols + cols - 1] = Float.NaN; // row 3: NaN in the tail
      float[] p = new float[x.length];
      Activations.softmax(x, 0, p, 0, 4, cols);
      float[] lp = new float[x.length];
      Activations.logSoftmax(x, 0, lp, 0, 4, cols);
      for (int j = 0; j < cols; j++) {
        assertBits(j == 1 ? 1f : 0f, p[j], "softmax huge winner, col " + j);
        assertBits(j == 1 ? 0f : -2e30f, lp[j], "logSoftmax huge winner, col " + j);
        assertUlp(4, p[cols + j], 1.0 / cols, "softmax equal huge");
        assertUlp(4, p[2 * cols + j], 1.0 / cols, "softmax equal hugely negative");
        assertUlp(4, lp[cols + j], -Math.log(cols), "logSoftmax equal huge");
        assertTrue(Float.isNaN(p[3 * cols + j]), "softmax NaN row");
        assertTrue(Float.isNaN(lp[3 * cols + j]), "logSoftmax NaN row");
      }
    }
  }

  @Test
  void softmaxBackwardMatchesReference() {
    Random rnd = new Random(24);
    for (int rows : new int[] {0, 1, 3}) {
      for (int cols : SIZES) {
        int n = rows * cols;
        float[] x = padded(rnd, 0, n, -3f, 3f);
        float[] a = padded(rnd, 1, n, 0f, 0f);
        Activations.softmax(x, 0, a, 1, rows, cols);
        float[] dA = padded(rnd, 3, n, -1f, 1f);
        float[] dZ = padded(rnd, 2, n, 0f, 0f);
        Activations.softmaxBackward(a, 1, dA, 3, dZ, 2, rows, cols);
        for (int r = 0; r < rows; r++) {
          double dot = 0;
          double abs = 0;
          for (int j = 0; j < cols; j++) {
            dot += (double) dA[3 + r * cols + j] * a[1 + r * cols + j];
            abs += Math.abs((double) dA[3 + r * cols + j] * a[1 + r * cols + j]);
          }
          for (int j = 0; j < cols; j++) {
            float aj = a[1 + r * cols + j];
            float gj = dA[3 + r * cols + j];
            double tol = (cols + 3) * EPS * aj * (Math.abs(gj) + abs);
            assertNear(aj * (gj - dot), dZ[2 + r * cols + j], tol, "softmaxBackward " + rows + "x" + cols);
          }
        }
        assertPadding(dZ, 2, n);
        float[] expected = Arrays.copyOfRange(dZ, 2, 2 + n);
        Activations.softmaxBackward(a, 1, dA, 3, dA, 3, rows, cols);
        assertArrayEquals(expected, Arrays.copyOfRange(dA, 3, 3 + n), "softmaxBackward in place");
      }
    }
    float[] dZ = new float[2];
    Activations.softmaxBackward(new float[] {0.5f, 0.5f}, 0, new float[] {1f, 0f}, 0, dZ, 0, 1, 2);
    assertArrayEquals(new float[] {0.25f, -0.25f}, dZ);
    assertEquals(0f, dZ[0] + dZ[1], "softmax gradients sum to zero");
  }
}
