package io.vectorgrad.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vectorgrad.kernels.spi.GemmSupport;
import io.vectorgrad.kernels.spi.KernelProvider;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Gemm#sgemm} on the provider this JVM runs (the suite runs once per provider), against a naive
 * double-precision reference and hand-computed products.
 */
class GemmTest {
  private static final float SENTINEL = -12345.5f;
  private static final float[] ALPHAS = {1f, -0.5f, 0f};
  private static final float[] BETAS = {0f, 1f, 0.25f};

  /** A stored matrix with padding: offset, leading dimension larger than the row, sentinels around it. */
  static final class Stored {
    final float[] data;
    final int off;
    final int ld;
    final int rows;
    final int cols;

    Stored(int rows, int cols, int off, int extraLd, Random random, float fill) {
      this.rows = rows;
      this.cols = cols;
      this.off = off;
      this.ld = Math.max(1, cols + extraLd);
      this.data = new float[off + Math.max(0, rows - 1) * ld + cols + 3];
      Arrays.fill(data, SENTINEL);
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          data[off + i * ld + j] = random == null ? fill : random.nextFloat() * 2f - 1f;
        }
      }
    }

    float get(int i, int j) {
      return data[off + i * ld + j];
    }

    boolean inMatrix(int index) {
      int rel = index - off;
      return rel >= 0 && rel / ld < rows && rel % ld < cols;
    }
  }

  /** op(X)(i, j) of a stored matrix. */
  private static float op(Stored x, boolean trans, int i, int j) {
    return trans ? x.get(j, i) : x.get(i, j);
  }

  /**
   * Runs sgemm on {@code impl} and checks every C element against the double reference within
   * {@code 2·(k+2)·2⁻²⁴·(|alpha|·Σ|a·b| + |beta·c|)} (the classic γ_k bound with slack), that
   * sentinels around and between the rows of C are untouched, and that beta == 0 ignores NaN in C.
   */
  static float[] checkCase(GemmSupport impl, boolean transA, boolean transB, int m, int n, int k, float alpha,
      float beta, int threads, long seed) {
    Random random = new Random(seed);
    Stored a = transA ? new Stored(k, m, 3, 2, random, 0f) : new Stored(m, k, 3, 2, random, 0f);
    Stored b = transB ? new Stored(n, k, 5, 1, random, 0f) : new Stored(k, n, 5, 1, random, 0f);
    Stored c = new Stored(m, n, 7, 3, random, 0f);
    if (beta == 0f) {
      for (int i = 0; i < m; i++) {
        Arrays.fill(c.data, c.off + i * c.ld, c.off + i * c.ld + n, Float.NaN);
      }
    }
    float[] before = c.data.clone();
    Gemm.sgemm(impl, transA, transB, m, n, k, alpha, a.data, a.off, a.ld, b.data, b.off, b.ld, beta, c.data, c.off,
        c.ld, threads);
    String what = (transA ? "T" : "N") + (transB ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k + " alpha="
        + alpha + " beta=" + beta + " threads=" + threads;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = 0;
        double abs = 0;
        for (int p = 0; p < k; p++) {
          double t = (double) op(a, transA, i, p) * op(b, transB, p, j);
          sum += t;
          abs += Math.abs(t);
        }
        double old = beta == 0f ? 0 : before[c.off + i * c.ld + j];
        double ref = alpha * sum + beta * old;
        double bound = 2.0 * (k + 2) * Math.ulp(1f) / 2 * (Math.abs(alpha) * abs + Math.abs(beta * old)) + 1e-30;
        float got = c.get(i, j);
        String where = what + ": C(" + i + "," + j + ") = ";
        assertTrue(Math.abs(got - ref) <= bound,
            () -> where + got + " but the double reference is " + ref + " (bound " + bound + ")");
      }
    }
    for (int x = 0; x < c.data.length; x++) {
      if (!c.inMatrix(x)) {
        assertEquals(Float.floatToRawIntBits(before[x]), Float.floatToRawIntBits(c.data[x]),
            what + ": padding of C at " + x + " was written");
      }
    }
    return c.data;
  }

  private static GemmSupport current() {
    return KernelProvider.get().gemm();
  }

  @Test
  void handComputed2x3Times3x2InAllTransposes() {
    // A = [[1,2,3],[4,5,6]], B = [[7,8],[9,10],[11,12]]: A·B = [[58,64],[139,154]].
    float[] a = {1, 2, 3, 4, 5, 6};
    float[] aT = {1, 4, 2, 5, 3, 6};
    float[] b = {7, 8, 9, 10, 11, 12};
    float[] bT = {7, 9, 11, 8, 10, 12};
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        float[] c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        Gemm.sgemm(ta, tb, 2, 2, 3, 1f, ta ? aT : a, 0, ta ? 2 : 3, tb ? bT : b, 0, tb ? 3 : 2, 0f, c, 0, 2);
        assertArrayEquals(new float[] {58, 64, 139, 154}, c, "trans " + ta + "," + tb);
        // C = -0.5·A·B + 0.25·C with C = [[1,2],[3,4]]: every value is exact in float.
        float[] c2 = {1, 2, 3, 4};
        Gemm.sgemm(ta, tb, 2, 2, 3, -0.5f, ta ? aT : a, 0, ta ? 2 : 3, tb ? bT : b, 0, tb ? 3 : 2, 0.25f, c2, 0, 2);
        assertArrayEquals(new float[] {-28.75f, -31.5f, -68.75f, -76f}, c2, "alpha/beta, trans " + ta + "," + tb);
      }
    }
  }

  @Test
  void handComputedRowAndColumnVectors() {
    // [1 2 3] · [[1,0],[0,1],[1,1]] = [4, 5];  [[1,2,3],[4,5,6]] · [1,1,1]ᵀ = [6, 15]ᵀ
    float[] row = {1, 2, 3};
    float[] b = {1, 0, 0, 1, 1, 1};
    float[] c = {Float.NaN, Float.NaN};
    Gemm.sgemm(false, false, 1, 2, 3, 1f, row, 0, 3, b, 0, 2, 0f, c, 0, 2);
    assertArrayEquals(new float[] {4, 5}, c);
    float[] a = {1, 2, 3, 4, 5, 6};
    float[] ones = {1, 1, 1};
    float[] y = {10, 20};
    Gemm.sgemm(false, false, 2, 1, 3, 2f, a, 0, 3, ones, 0, 1, 0.5f, y, 0, 1);
    assertArrayEquals(new float[] {17, 40}, y);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 7, 13, 15, 17, 31, 33, 63, 65})
  void squareSizesAllTransposesAgainstDoubleReference(int size) {
    int i = 0;
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        float alpha = ALPHAS[i % 3];
        float beta = BETAS[(i / 3 + i) % 3];
        checkCase(current(), ta, tb, size, size, size, alpha, beta, 2, 100 + size * 4 + i);
        i++;
      }
    }
  }

  @Test
  void everyAlphaBetaPairOnRaggedShapes() {
    int[][] shapes = {{1, 1, 1}, {1, 17, 5}, {13, 1, 7}, {7, 13, 1}, {5, 33, 31}, {33, 5, 63}, {127, 129, 15},
        {65, 3, 129}, {2, 63, 17}};
    long seed = 7;
    for (int[] s : shapes) {
      for (float alpha : ALPHAS) {
        for (float beta : BETAS) {
          boolean ta = (seed & 1) == 0;
          boolean tb = (seed & 2) == 0;
          checkCase(current(), ta, tb, s[0], s[1], s[2], alpha, beta, 3, seed++);
        }
      }
    }
  }

  @Test
  void matrixVectorShapesWithLongRowsAgainstDoubleReference() {
    // m == 1 or n == 1 take the matrix-vector path; 37 and 23 rows leave remainders after groups of four,
    // and k > 2·lanes runs its vector loop as well as the scalar tail
    int[][] shapes = {{1, 37, 301}, {23, 1, 130}, {1, 4, 97}, {5, 1, 64}};
    long seed = 900;
    for (int[] s : shapes) {
      for (boolean ta : new boolean[] {false, true}) {
        for (boolean tb : new boolean[] {false, true}) {
          checkCase(current(), ta, tb, s[0], s[1], s[2], ALPHAS[(int) (seed % 3)], BETAS[(int) (seed % 3)], 2,
              seed++);
        }
      }
    }
  }

  @Test
  void zeroSizesTouchNothingOrOnlyScaleC() {
    float[] c = {1, 2, 3, 4};
    Gemm.sgemm(false, false, 0, 2, 3, 1f, new float[0], 0, 3, new float[6], 0, 2, 0f, c, 0, 2);
    assertArrayEquals(new float[] {1, 2, 3, 4}, c);
    // k == 0: C = beta·C, and beta == 0 clears NaN.
    float[] c2 = {Float.NaN, 2, 3, 4};
    Gemm.sgemm(false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 0f, c2, 0, 2);
    assertArrayEquals(new float[] {0, 0, 0, 0}, c2);
    float[] c3 = {1, 2, 3, 4};
    Gemm.sgemm(false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 0.5f, c3, 0, 2);
    assertArrayEquals(new float[] {0.5f, 1, 1.5f, 2}, c3);
  }

  @Test
  void largeShapesCrossEveryCacheBlockBoundary() {
    // Several k-blocks and row blocks with the derived blocking (KC is a few hundred, MC a few hundred rows);
    // the surefire runs with -Dvectorgrad.gemm.kc=40, mc=12, nc=48/72 cross every boundary on all shapes here.
    checkCase(current(), false, false, 197, 1057, 520, 1f, 0.25f, 2, 11);
    checkCase(current(), true, true, 101, 70, 777, -0.5f, 0f, 2, 12);
  }

  @Test
  void mlpLikeShapesInTheThreeBackpropLayouts() {
    checkCase(current(), false, true, 128, 256, 78, 1f, 0f, 2, 21);
    checkCase(current(), true, false, 56, 78, 128, 1f, 1f, 2, 22);
    checkCase(current(), false, false, 128, 78, 56, 1f, 0f, 2, 23);
  }

  @Test
  void wideTransposedBShapesComputedAsTheTransposeOfC() {
    // Few rows against a wide transposed B: the Panama GEMM computes Cᵀ = op(B)ᵀ·op(A)ᵀ (see
    // PanamaGemm.cheaperAsTranspose), writing tiles transposed; primes and 2^k±1 leave partial tiles.
    int[][] shapes = {{5, 200, 300}, {2, 97, 129}, {7, 257, 63}, {13, 127, 65}, {3, 64, 1}};
    long seed = 500;
    for (int[] s : shapes) {
      for (boolean ta : new boolean[] {false, true}) {
        checkCase(current(), ta, true, s[0], s[1], s[2], ALPHAS[(int) (seed % 3)], BETAS[(int) (seed / 3 % 3)], 3,
            seed++);
      }
    }
    int[] reference = null;
    for (int threads = 1; threads <= 3; threads++) {
      int[] bits = bits(run(current(), false, true, 9, 301, 257, -0.5f, 0.25f, threads));
      if (reference == null) {
        reference = bits;
      } else {
        assertArrayEquals(reference, bits, "threads=" + threads);
      }
    }
  }

  @Test
  void resultsAreBitIdenticalForAnyThreadCount() {
    int[][] shapes = {{130, 203, 301}, {257, 95, 515}, {64, 1100, 40}, {1, 300, 301}, {300, 1, 280}};
    for (int[] s : shapes) {
      for (boolean ta : new boolean[] {false, true}) {
        for (boolean tb : new boolean[] {false, true}) {
          int[] reference = null;
          for (int threads = 1; threads <= 4; threads++) {
            int[] bits = bits(run(current(), ta, tb, s[0], s[1], s[2], -0.5f, 0.25f, threads));
            if (reference == null) {
              reference = bits;
            } else {
              assertArrayEquals(reference, bits, "threads=" + threads + " " + ta + tb + Arrays.toString(s));
            }
          }
        }
      }
    }
  }

  @Test
  void scalarAndPanamaAgreeWithinTolerance() {
    assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "needs jdk.incubator.vector");
    GemmSupport scalar = KernelProvider.scalar().gemm();
    GemmSupport panama = KernelProvider.panama().gemm();
    int[][] shapes = {{37, 41, 300}, {6, 32, 16}, {100, 1, 99}, {1, 77, 65}, {129, 65, 33}};
    for (int[] s : shapes) {
      for (boolean ta : new boolean[] {false, true}) {
        for (boolean tb : new boolean[] {false, true}) {
          float[] x = run(scalar, ta, tb, s[0], s[1], s[2], 1f, 0.25f, 1);
          float[] y = run(panama, ta, tb, s[0], s[1], s[2], 1f, 0.25f, 2);
          for (int i = 0; i < x.length; i++) {
            // Entries are sums of k products of values in [-1, 1]: bound |err| by 2·k·2⁻²³ on each side.
            float tol = 4f * s[2] * Math.ulp(1f) + 1e-6f;
            assertEquals(x[i], y[i], tol, "element " + i + " of " + Arrays.toString(s) + " " + ta + tb);
          }
        }
      }
    }
  }

  @Test
  void sameCallTwiceGivesSameBits() {
    int[] first = bits(run(current(), true, false, 70, 90, 300, 1f, 0f, 2));
    int[] second = bits(run(current(), true, false, 70, 90, 300, 1f, 0f, 2));
    assertArrayEquals(first, second);
  }

  private static float[] run(GemmSupport impl, boolean ta, boolean tb, int m, int n, int k, float alpha, float beta,
      int threads) {
    Random random = new Random(31L * m + 17L * n + k + (ta ? 5 : 0) + (tb ? 9 : 0));
    Stored a = ta ? new Stored(k, m, 1, 1, random, 0f) : new Stored(m, k, 1, 1, random, 0f);
    Stored b = tb ? new Stored(n, k, 2, 0, random, 0f) : new Stored(k, n, 2, 0, random, 0f);
    Stored c = new Stored(m, n, 0, 2, random, 0f);
    Gemm.sgemm(impl, ta, tb, m, n, k, alpha, a.data, a.off, a.ld, b.data, b.off, b.ld, beta, c.data, c.off, c.ld,
        threads);
    return c.data;
  }

  private static int[] bits(float[] x) {
    int[] out = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = Float.floatToRawIntBits(x[i]);
    }
    return out;
  }
}
