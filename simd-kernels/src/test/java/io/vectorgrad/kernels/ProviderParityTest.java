package io.vectorgrad.kernels;

import static io.vectorgrad.kernels.KernelTesting.SIZES;
import static io.vectorgrad.kernels.KernelTesting.assertNear;
import static io.vectorgrad.kernels.KernelTesting.assertUlp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vectorgrad.kernels.spi.ActivationSupport;
import io.vectorgrad.kernels.spi.ElementwiseSupport;
import io.vectorgrad.kernels.spi.KernelProvider;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Panama kernels against the scalar ones, side by side in one JVM (whatever provider the run forces).
 * Kernels doing the same float operations must agree bit for bit; the transcendental ones within the
 * accuracy contract.
 */
class ProviderParityTest {
  private static ElementwiseSupport pe;
  private static ElementwiseSupport se;
  private static ActivationSupport pa;
  private static ActivationSupport sa;

  @BeforeAll
  static void providers() {
    assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "no jdk.incubator.vector");
    pe = KernelProvider.panama().elementwise();
    pa = KernelProvider.panama().activations();
    se = KernelProvider.scalar().elementwise();
    sa = KernelProvider.scalar().activations();
  }

  private static float[] random(Random rnd, int n, float scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (rnd.nextGaussian() * scale);
    }
    return a;
  }

  @Test
  void elementwiseKernelsAreBitIdentical() {
    Random rnd = new Random(41);
    for (int n : SIZES) {
      float[] x = random(rnd, n + 2, 3);
      float[] y = random(rnd, n + 1, 3);
      float[] p = new float[n + 3];
      float[] s = new float[n + 3];
      pe.hadamard(x, 2, y, 1, p, 3, n);
      se.hadamard(x, 2, y, 1, s, 3, n);
      assertArrayEquals(s, p, "hadamard " + n);
      pe.add(x, 2, y, 1, p, 3, n);
      se.add(x, 2, y, 1, s, 3, n);
      assertArrayEquals(s, p, "add " + n);
      pe.sub(x, 2, y, 1, p, 3, n);
      se.sub(x, 2, y, 1, s, 3, n);
      assertArrayEquals(s, p, "sub " + n);
      pe.scale(-1.7f, x, 2, p, 3, n);
      se.scale(-1.7f, x, 2, s, 3, n);
      assertArrayEquals(s, p, "scale " + n);
      pe.axpy(0.3f, x, 2, p, 3, n);
      se.axpy(0.3f, x, 2, s, 3, n);
      assertArrayEquals(s, p, "axpy " + n);
      pe.fill(2.5f, p, 1, n);
      se.fill(2.5f, s, 1, n);
      assertArrayEquals(s, p, "fill " + n);
      assertArrayEquals(new float[] {se.maxAbs(x, 2, n)}, new float[] {pe.maxAbs(x, 2, n)}, "maxAbs " + n);
      double ss = se.sumOfSquares(x, 2, n);
      assertNear(ss, pe.sumOfSquares(x, 2, n), (n + 1) * 0x1p-23 * ss, "sumOfSquares " + n);
      for (int rows : new int[] {1, 4, 9}) {
        float[] a = random(rnd, rows * (n + 1) + 1, 2);
        float[] ps = new float[n];
        float[] sums = new float[n];
        pe.columnSums(a, 1, n + 1, ps, 0, rows, n);
        se.columnSums(a, 1, n + 1, sums, 0, rows, n);
        assertArrayEquals(sums, ps, "columnSums " + rows + "x" + n);
        float[] pc = a.clone();
        float[] sc = a.clone();
        pe.addRowVector(x, 2, pc, 1, n + 1, rows, n);
        se.addRowVector(x, 2, sc, 1, n + 1, rows, n);
        assertArrayEquals(sc, pc, "addRowVector " + rows + "x" + n);
      }
    }
  }

  @Test
  void activationsAgree() {
    Random rnd = new Random(42);
    for (int n : SIZES) {
      float[] x = random(rnd, n, 8);
      float[] g = random(rnd, n, 1);
      float[] p = new float[n];
      float[] s = new float[n];
      pa.relu(x, 0, p, 0, n);
      sa.relu(x, 0, s, 0, n);
      assertArrayEquals(s, p, "relu " + n);
      pa.leakyRelu(0.02f, x, 0, p, 0, n);
      sa.leakyRelu(0.02f, x, 0, s, 0, n);
      assertArrayEquals(s, p, "leakyRelu " + n);
      pa.reluBackward(x, 0, g, 0, p, 0, n);
      sa.reluBackward(x, 0, g, 0, s, 0, n);
      assertArrayEquals(s, p, "reluBackward " + n);
      pa.leakyReluBackward(0.02f, x, 0, g, 0, p, 0, n);
      sa.leakyReluBackward(0.02f, x, 0, g, 0, s, 0, n);
      assertArrayEquals(s, p, "leakyReluBackward " + n);

      pa.sigmoid(x, 0, p, 0, n);
      sa.sigmoid(x, 0, s, 0, n);
      for (int i = 0; i < n; i++) {
        assertUlp(4, p[i], s[i], "sigmoid(" + x[i] + ")");
      }
      float[] pb = new float[n];
      float[] sb = new float[n];
      pa.sigmoidBackward(s, 0, g, 0, pb, 0, n);
      sa.sigmoidBackward(s, 0, g, 0, sb, 0, n);
      assertArrayEquals(sb, pb, "sigmoidBackward " + n);
      pa.tanh(x, 0, p, 0, n);
      sa.tanh(x, 0, s, 0, n);
      for (int i = 0; i < n; i++) {
        assertUlp(4, p[i], s[i], "tanh(" + x[i] + ")");
      }
      pa.tanhBackward(s, 0, g, 0, pb, 0, n);
      sa.tanhBackward(s, 0, g, 0, sb, 0, n);
      assertArrayEquals(sb, pb, "tanhBackward " + n);
    }
  }

  @Test
  void rowwiseKernelsAgree() {
    Random rnd = new Random(43);
    for (int cols : SIZES) {
      int rows = 5;
      float[] x = random(rnd, rows * cols, 10);
      float[] p = new float[rows * cols];
      float[] s = new float[rows * cols];
      pa.softmax(x, 0, p, 0, rows, cols);
      sa.softmax(x, 0, s, 0, rows, cols);
      for (int i = 0; i < p.length; i++) {
        assertUlp(4, p[i], s[i], "softmax cols=" + cols + " at " + i);
      }
      pa.logSoftmax(x, 0, p, 0, rows, cols);
      sa.logSoftmax(x, 0, s, 0, rows, cols);
      for (int i = 0; i < p.length; i++) {
        assertUlp(4, p[i], s[i], "logSoftmax cols=" + cols + " at " + i);
      }
      float[] a = new float[rows * cols];
      sa.softmax(x, 0, a, 0, rows, cols);
      float[] g = random(rnd, rows * cols, 1);
      pa.softmaxBackward(a, 0, g, 0, p, 0, rows, cols);
      sa.softmaxBackward(a, 0, g, 0, s, 0, rows, cols);
      for (int i = 0; i < p.length; i++) {
        assertNear(s[i], p[i], 2 * (cols + 2) * 0x1p-24 * a[i] * (Math.abs(g[i]) + 4), "softmaxBackward " + cols);
      }
    }
  }
}
