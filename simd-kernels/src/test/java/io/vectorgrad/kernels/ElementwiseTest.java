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
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/** Element-wise kernels (through the facade, so under whichever provider the run forces) against double references. */
class ElementwiseTest {
  private static final float EPS = 0x1p-24f;

  interface Binary {
    void apply(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n);
  }

  private static void checkBinary(String name, Binary op, DoubleBinaryOperator ref) {
    Random rnd = new Random(11);
    for (int n : SIZES) {
      float[] x = padded(rnd, 3, n, -4f, 4f);
      float[] y = padded(rnd, 0, n, -4f, 4f);
      float[] out = padded(rnd, 5, n, 0f, 0f);
      op.apply(x, 3, y, 0, out, 5, n);
      for (int i = 0; i < n; i++) {
        // one rounding of an exact double result: correctly rounded
        assertUlp(0.5, out[5 + i], ref.applyAsDouble(x[3 + i], y[i]), name + " n=" + n + " i=" + i);
      }
      assertPadding(out, 5, n);
      // in place on x (same array, same offset)
      float[] expected = Arrays.copyOfRange(out, 5, 5 + n);
      op.apply(x, 3, y, 0, x, 3, n);
      assertArrayEquals(expected, Arrays.copyOfRange(x, 3, 3 + n), name + " in place n=" + n);
      assertPadding(x, 3, n);
    }
  }

  @Test
  void hadamardMatchesReferenceAndHandCase() {
    checkBinary("hadamard", Elementwise::hadamard, (a, b) -> a * b);
    float[] out = new float[4];
    Elementwise.hadamard(new float[] {1.5f, -2f, 0.25f, 3f}, 0, new float[] {2f, 3f, -8f, 0f}, 0, out, 0, 4);
    assertArrayEquals(new float[] {3f, -6f, -2f, 0f}, out);
  }

  @Test
  void addAndSubMatchReferenceAndHandCase() {
    checkBinary("add", Elementwise::add, Double::sum);
    checkBinary("sub", Elementwise::sub, (a, b) -> a - b);
    float[] out = new float[3];
    Elementwise.add(new float[] {1f, 2f, 3f}, 0, new float[] {0.5f, -2f, 4f}, 0, out, 0, 3);
    assertArrayEquals(new float[] {1.5f, 0f, 7f}, out);
    Elementwise.sub(new float[] {1f, 2f, 3f}, 0, new float[] {0.5f, -2f, 4f}, 0, out, 0, 3);
    assertArrayEquals(new float[] {0.5f, 4f, -1f}, out);
  }

  @Test
  void scaleMatchesReferenceInPlaceAndHandCase() {
    Random rnd = new Random(12);
    for (int n : SIZES) {
      float[] x = padded(rnd, 2, n, -4f, 4f);
      float[] out = padded(rnd, 7, n, 0f, 0f);
      Elementwise.scale(-0.3f, x, 2, out, 7, n);
      for (int i = 0; i < n; i++) {
        assertUlp(0.5, out[7 + i], -0.3f * (double) x[2 + i], "scale n=" + n + " i=" + i);
      }
      assertPadding(out, 7, n);
      Elementwise.scale(-0.3f, x, 2, x, 2, n);
      assertArrayEquals(Arrays.copyOfRange(out, 7, 7 + n), Arrays.copyOfRange(x, 2, 2 + n));
      assertPadding(x, 2, n);
    }
    float[] out = {1f, -2f, 0.5f};
    Elementwise.scale(2f, out, 0, out, 0, 3);
    assertArrayEquals(new float[] {2f, -4f, 1f}, out);
  }

  @Test
  void axpyMatchesReferenceAndHandCase() {
    Random rnd = new Random(13);
    for (int n : SIZES) {
      float[] x = padded(rnd, 1, n, -4f, 4f);
      float[] y = padded(rnd, 6, n, -4f, 4f);
      float[] y0 = y.clone();
      Elementwise.axpy(0.7f, x, 1, y, 6, n);
      for (int i = 0; i < n; i++) {
        double ax = 0.7f * (double) x[1 + i];
        double ref = y0[6 + i] + ax;
        // two roundings: alpha·x, then the sum
        assertNear(ref, y[6 + i], EPS * (Math.abs(ax) + Math.abs(ref)) + Float.MIN_VALUE, "axpy n=" + n + " i=" + i);
      }
      assertPadding(y, 6, n);
    }
    float[] y = {1f, 2f, 3f};
    Elementwise.axpy(2f, new float[] {0.5f, -1f, 0f}, 0, y, 0, 3);
    assertArrayEquals(new float[] {2f, 0f, 3f}, y);
  }

  @Test
  void fillAndCopyWriteExactlyTheRange() {
    Random rnd = new Random(14);
    for (int n : SIZES) {
      float[] out = padded(rnd, 4, n, 0f, 0f);
      Elementwise.fill(-1.25f, out, 4, n);
      for (int i = 0; i < n; i++) {
        assertBits(-1.25f, out[4 + i], "fill n=" + n);
      }
      assertPadding(out, 4, n);
      float[] x = padded(rnd, 2, n, -1f, 1f);
      float[] copy = padded(rnd, 9, n, 0f, 0f);
      Elementwise.copy(x, 2, copy, 9, n);
      assertArrayEquals(Arrays.copyOfRange(x, 2, 2 + n), Arrays.copyOfRange(copy, 9, 9 + n));
      assertPadding(copy, 9, n);
    }
    // overlapping copy behaves like System.arraycopy in both directions
    float[] a = {0, 1, 2, 3, 4, 5};
    Elementwise.copy(a, 0, a, 1, 5);
    assertArrayEquals(new float[] {0, 0, 1, 2, 3, 4}, a);
    Elementwise.copy(a, 2, a, 0, 4);
    assertArrayEquals(new float[] {1, 2, 3, 4, 3, 4}, a);
  }

  @Test
  void addRowVectorBroadcastsOverRowsAndLeavesTheGapAlone() {
    Random rnd = new Random(15);
    for (int rows : new int[] {0, 1, 3, 7}) {
      for (int cols : SIZES) {
        int ldc = cols + 3;
        int cOff = 4;
        float[] c = KernelTesting.padded(rnd, cOff, rows * ldc, -2f, 2f);
        // the gap between rows must stay untouched
        for (int r = 0; r < rows; r++) {
          Arrays.fill(c, cOff + r * ldc + cols, cOff + (r + 1) * ldc, KernelTesting.SENTINEL);
        }
        float[] c0 = c.clone();
        float[] row = padded(rnd, 2, cols, -2f, 2f);
        Elementwise.addRowVector(row, 2, c, cOff, ldc, rows, cols);
        for (int i = 0; i < c.length; i++) {
          int rel = i - cOff;
          boolean inside = rel >= 0 && rel < rows * ldc && rel % ldc < cols;
          if (inside) {
            assertUlp(0.5, c[i], (double) c0[i] + row[2 + rel % ldc], "addRowVector " + rows + "x" + cols);
          } else {
            assertBits(c0[i], c[i], "addRowVector wrote outside the matrix at " + i);
          }
        }
      }
    }
    float[] c = {1, 2, 3, 4};
    Elementwise.addRowVector(new float[] {10, 20}, 0, c, 0, 2, 2, 2);
    assertArrayEquals(new float[] {11, 22, 13, 24}, c);
  }

  @Test
  void columnSumsAreSummedInRowOrder() {
    Random rnd = new Random(16);
    for (int rows : new int[] {0, 1, 2, 5, 33}) {
      for (int cols : SIZES) {
        int lda = cols + 2;
        float[] a = padded(rnd, 3, rows * lda, -3f, 3f);
        float[] out = padded(rnd, 1, cols, 5f, 6f);
        Elementwise.columnSums(a, 3, lda, out, 1, rows, cols);
        for (int j = 0; j < cols; j++) {
          float s = 0f;
          double ref = 0;
          double abs = 0;
          for (int r = 0; r < rows; r++) {
            s += a[3 + r * lda + j];
            ref += a[3 + r * lda + j];
            abs += Math.abs(a[3 + r * lda + j]);
          }
          // the facade promises row order: bit-identical to the plain float loop, for every vector width
          assertBits(s, out[1 + j], "columnSums " + rows + "x" + cols + " column " + j);
          assertNear(ref, out[1 + j], rows * EPS * abs, "columnSums vs double " + rows + "x" + cols);
        }
        assertPadding(out, 1, cols);
      }
    }
    float[] out = new float[2];
    Elementwise.columnSums(new float[] {1, 2, 3, 4, 5, 6}, 0, 2, out, 0, 3, 2);
    assertArrayEquals(new float[] {9, 12}, out);
  }

  @Test
  void sumOfSquaresMatchesReference() {
    Random rnd = new Random(17);
    for (int n : SIZES) {
      float[] x = padded(rnd, 5, n, -2f, 2f);
      double ref = 0;
      for (int i = 0; i < n; i++) {
        ref += (double) x[5 + i] * x[5 + i];
      }
      assertNear(ref, Elementwise.sumOfSquares(x, 5, n), (n + 1) * 2 * EPS * ref, "sumOfSquares n=" + n);
    }
    assertEquals(25f, Elementwise.sumOfSquares(new float[] {3f, 4f}, 0, 2));
    assertEquals(0f, Elementwise.sumOfSquares(new float[] {3f}, 1, 0));
    float[] big = new float[100_000];
    Arrays.fill(big, 0.5f);
    assertEquals(25_000f, Elementwise.sumOfSquares(big, 0, big.length)); // exact: all partial sums representable
  }

  @Test
  void maxAbsIsExactAndPropagatesNaNFromAnyPosition() {
    Random rnd = new Random(18);
    for (int n : SIZES) {
      float[] x = padded(rnd, 2, n, -8f, 8f);
      float ref = 0f;
      for (int i = 0; i < n; i++) {
        ref = Math.max(ref, Math.abs(x[2 + i]));
      }
      assertBits(ref, Elementwise.maxAbs(x, 2, n), "maxAbs n=" + n);
      for (int p = 0; p < n; p += Math.max(1, n / 5)) {
        float[] y = x.clone();
        y[2 + p] = Float.NaN;
        assertTrue(Float.isNaN(Elementwise.maxAbs(y, 2, n)), "NaN at " + p + " of " + n);
      }
    }
    assertEquals(3f, Elementwise.maxAbs(new float[] {-3f, 2f, 0.5f}, 0, 3));
    assertEquals(0f, Elementwise.maxAbs(new float[] {-3f}, 0, 0));
    assertEquals(Float.POSITIVE_INFINITY, Elementwise.maxAbs(new float[] {1f, Float.NEGATIVE_INFINITY}, 0, 2));
  }
}
