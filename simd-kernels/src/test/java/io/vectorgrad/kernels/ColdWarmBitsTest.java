package io.vectorgrad.kernels;

import io.vectorgrad.testing.ColdJvm;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The same seeded kernel calls give the same bits interpreted ({@code -Xint}), on C1 only
 * ({@code -XX:TieredStopAtLevel=1}) and after C2 has compiled them in this JVM: no kernel may depend on which
 * tier runs it (e.g. an unordered float reduction, JDK-8337062). The children inherit this JVM's provider and
 * -XX flags, so the suite's panama and scalar runs and {@code -DargLine=-XX:UseAVX=2} each check their own path.
 */
class ColdWarmBitsTest {
  /**
   * Warm-up rounds, each with extra rounds of the cheap vector kernels: enough for C2 to compile every kernel
   * method here (checked with -XX:+PrintCompilation on JDK 17 and 25).
   */
  private static final int WARM_ROUNDS = 200;
  private static final int VECTOR_ROUNDS = 8;

  @Test
  void coldAndWarmKernelsGiveTheSameBits() {
    Map<String, String> first = Fingerprint.compute();
    for (int r = 1; r < WARM_ROUNDS; r++) {
      Map<String, String> now = Fingerprint.compute();
      ColdJvm.assertSame(first, now, "round " + r + " of the warm-up against the first (cold) round");
      for (int v = 0; v < VECTOR_ROUNDS; v++) {
        Fingerprint.vectorKernels(new Random(r), new LinkedHashMap<>());
      }
    }
    for (String mode : ColdJvm.MODES) {
      ColdJvm.assertSame(first, ColdJvm.run(Fingerprint.class, mode), mode + " child against warm C2");
    }
    assertTrue(first.size() > 20, "fingerprint has " + first.size() + " entries");
  }

  @Test
  void anotherJdkGivesTheSameBits() {
    String other = System.getenv(ColdJvm.COMPARE_JAVA_HOME);
    assumeTrue(other != null && !other.isBlank(), ColdJvm.COMPARE_JAVA_HOME + " not set");
    // the child's default tiered mode: its tiers agree with each other by the test above, on its own JDK
    ColdJvm.assertSame(Fingerprint.compute(), ColdJvm.run(Fingerprint.class, other, "-XX:+TieredCompilation"),
        "JDK at " + other + " against this JDK (" + Runtime.version() + ")");
  }

  /** The seeded kernel calls; {@code main} prints one {@code kernel=hash} line each. */
  static final class Fingerprint {
    private Fingerprint() {}

    static final int[] SIZES = {1, 7, 16, 17, 33, 100, 257, 1021};

    public static void main(String[] args) {
      for (Map.Entry<String, String> e : compute().entrySet()) {
        System.out.println(e.getKey() + "=" + e.getValue());
      }
    }

    static float[] random(Random rnd, int n) {
      float[] a = new float[n];
      for (int i = 0; i < n; i++) {
        a[i] = (float) rnd.nextGaussian();
      }
      return a;
    }

    static Map<String, String> compute() {
      Map<String, String> out = new LinkedHashMap<>();
      out.put("provider", Kernels.providerName());
      Random rnd = new Random(7);
      gemms(rnd, out);
      vectorKernels(rnd, out);
      return out;
    }

    static void gemms(Random rnd, Map<String, String> out) {
      // gemv both ways (n == 1: dot rows; m == 1: axpy columns), the small path and a packed GEMM
      int[][] shapes = {{37, 1, 784}, {1, 53, 300}, {130, 1, 17}, {1, 1, 1000}, {9, 10, 40}, {20, 1, 20},
          {3, 1, 100}, {1, 2, 64}, {33, 47, 129}, {64, 70, 90}};
      for (int[] s : shapes) {
        int m = s[0];
        int n = s[1];
        int k = s[2];
        for (int t = 0; t < 4; t++) {
          boolean ta = (t & 1) != 0;
          boolean tb = (t & 2) != 0;
          float[] a = random(rnd, m * k);
          float[] b = random(rnd, k * n);
          float[] c = random(rnd, m * n);
          Gemm.sgemm(ta, tb, m, n, k, 0.75f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0.5f, c, 0, n, 1);
          out.put("sgemm" + m + "x" + n + "x" + k + (ta ? "T" : "N") + (tb ? "T" : "N"),
              new ColdJvm.Hash().add(c, 0, c.length).toString());
        }
      }
    }

    /** Reductions, activations, softmax and element-wise kernels over the size ladder. */
    static void vectorKernels(Random rnd, Map<String, String> out) {
      ColdJvm.Hash sums = new ColdJvm.Hash();
      ColdJvm.Hash act = new ColdJvm.Hash();
      ColdJvm.Hash soft = new ColdJvm.Hash();
      ColdJvm.Hash elem = new ColdJvm.Hash();
      for (int n : SIZES) {
        float[] x = random(rnd, n);
        float[] g = random(rnd, n);
        float[] y = new float[n];
        sums.add(Elementwise.sumOfSquares(x, 0, n)).add(Elementwise.maxAbs(x, 0, n));
        Activations.sigmoid(x, 0, y, 0, n);
        act.add(y, 0, n);
        Activations.tanh(x, 0, y, 0, n);
        act.add(y, 0, n);
        Activations.relu(x, 0, y, 0, n);
        act.add(y, 0, n);
        Activations.leakyRelu(0.01f, x, 0, y, 0, n);
        act.add(y, 0, n);
        Activations.sigmoidBackward(x, 0, g, 0, y, 0, n);
        act.add(y, 0, n);
        Activations.tanhBackward(x, 0, g, 0, y, 0, n);
        act.add(y, 0, n);
        Elementwise.axpy(0.3f, x, 0, g, 0, n);
        elem.add(g, 0, n);
        for (int rows : new int[] {1, 3}) {
          float[] z = random(rnd, rows * n);
          float[] p = new float[rows * n];
          float[] d = random(rnd, rows * n);
          Activations.softmax(z, 0, p, 0, rows, n);
          soft.add(p, 0, p.length);
          Activations.softmaxBackward(p, 0, d, 0, z, 0, rows, n);
          soft.add(z, 0, z.length);
          Activations.logSoftmax(d, 0, p, 0, rows, n);
          soft.add(p, 0, p.length);
          float[] col = new float[n];
          Elementwise.columnSums(d, 0, n, col, 0, rows, n);
          elem.add(col, 0, n);
        }
      }
      out.put("sumOfSquares+maxAbs", sums.toString());
      out.put("activations", act.toString());
      out.put("softmax", soft.toString());
      out.put("elementwise", elem.toString());
    }
  }
}
