package io.vectorgrad.kernels;

import io.vectorgrad.kernels.spi.ElementwiseSupport;
import io.vectorgrad.kernels.spi.KernelProvider;

/**
 * Element-wise kernels on ranges of float arrays, {@code (array, offset, …, n)}. An output may be one of
 * the inputs (same array, same offset: in place) but may not overlap it partially. Arguments are validated
 * before anything is written.
 */
public final class Elementwise {
  private static final ElementwiseSupport IMPL = KernelProvider.get().elementwise();

  private Elementwise() {}

  /** {@code out[i] = x[i] * y[i]}. */
  public static void hadamard(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
    binary(x, xOff, y, yOff, out, outOff, n);
    IMPL.hadamard(x, xOff, y, yOff, out, outOff, n);
  }

  /** {@code out[i] = x[i] + y[i]}. */
  public static void add(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
    binary(x, xOff, y, yOff, out, outOff, n);
    IMPL.add(x, xOff, y, yOff, out, outOff, n);
  }

  /** {@code out[i] = x[i] - y[i]}. */
  public static void sub(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
    binary(x, xOff, y, yOff, out, outOff, n);
    IMPL.sub(x, xOff, y, yOff, out, outOff, n);
  }

  /** {@code out[i] = alpha * x[i]}. */
  public static void scale(float alpha, float[] x, int xOff, float[] out, int outOff, int n) {
    unary(x, xOff, out, outOff, n);
    IMPL.scale(alpha, x, xOff, out, outOff, n);
  }

  /** {@code y[i] += alpha * x[i]} (BLAS saxpy). */
  public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
    Checks.size("n", n);
    Checks.range("x", x, "xOff", xOff, n);
    Checks.range("y", y, "yOff", yOff, n);
    Checks.sameOrDisjoint("y", y, yOff, "x", x, xOff, n);
    IMPL.axpy(alpha, x, xOff, y, yOff, n);
  }

  /** {@code out[i] = value}. */
  public static void fill(float value, float[] out, int outOff, int n) {
    Checks.size("n", n);
    Checks.range("out", out, "outOff", outOff, n);
    IMPL.fill(value, out, outOff, n);
  }

  /** {@code out[i] = x[i]}; overlapping ranges behave like {@link System#arraycopy}. */
  public static void copy(float[] x, int xOff, float[] out, int outOff, int n) {
    Checks.size("n", n);
    Checks.range("x", x, "xOff", xOff, n);
    Checks.range("out", out, "outOff", outOff, n);
    IMPL.copy(x, xOff, out, outOff, n);
  }

  /** Bias broadcast: {@code c[i, j] += row[j]} for a {@code rows × cols} matrix C with leading dimension ldc. */
  public static void addRowVector(float[] row, int rowOff, float[] c, int cOff, int ldc, int rows, int cols) {
    Checks.size("rows", rows);
    Checks.size("cols", cols);
    Checks.range("row", row, "rowOff", rowOff, cols);
    Checks.matrix("c", c, "cOff", cOff, "ldc", ldc, rows, cols);
    Checks.disjoint("c", c, cOff, Checks.span(rows, cols, ldc), "row", row, rowOff, cols);
    IMPL.addRowVector(row, rowOff, c, cOff, ldc, rows, cols);
  }

  /**
   * Bias gradient: {@code out[j] = Σ_i a[i, j]} over a {@code rows × cols} matrix, summed in row order
   * (so the result does not depend on the provider's vector width).
   */
  public static void columnSums(float[] a, int aOff, int lda, float[] out, int outOff, int rows, int cols) {
    Checks.size("rows", rows);
    Checks.size("cols", cols);
    Checks.matrix("a", a, "aOff", aOff, "lda", lda, rows, cols);
    Checks.range("out", out, "outOff", outOff, cols);
    Checks.disjoint("out", out, outOff, cols, "a", a, aOff, Checks.span(rows, cols, lda));
    IMPL.columnSums(a, aOff, lda, out, outOff, rows, cols);
  }

  /** {@code Σ x[i]²}, accumulated in float; 0 for n = 0. */
  public static float sumOfSquares(float[] x, int xOff, int n) {
    Checks.size("n", n);
    Checks.range("x", x, "xOff", xOff, n);
    return IMPL.sumOfSquares(x, xOff, n);
  }

  /** {@code max |x[i]|}; NaN if any element is NaN; 0 for n = 0. */
  public static float maxAbs(float[] x, int xOff, int n) {
    Checks.size("n", n);
    Checks.range("x", x, "xOff", xOff, n);
    return IMPL.maxAbs(x, xOff, n);
  }

  static void unary(float[] x, int xOff, float[] out, int outOff, int n) {
    Checks.size("n", n);
    Checks.range("x", x, "xOff", xOff, n);
    Checks.range("out", out, "outOff", outOff, n);
    Checks.sameOrDisjoint("out", out, outOff, "x", x, xOff, n);
  }

  static void binary(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
    Checks.size("n", n);
    Checks.range("x", x, "xOff", xOff, n);
    Checks.range("y", y, "yOff", yOff, n);
    Checks.range("out", out, "outOff", outOff, n);
    Checks.sameOrDisjoint("out", out, outOff, "x", x, xOff, n);
    Checks.sameOrDisjoint("out", out, outOff, "y", y, yOff, n);
  }
}
