package io.vectorgrad.kernels;

import io.vectorgrad.kernels.spi.GemmSupport;
import io.vectorgrad.kernels.spi.KernelProvider;

/**
 * Single-precision general matrix multiply with row-major BLAS semantics:
 * {@code C = alpha·op(A)·op(B) + beta·C}, where element (i, j) of a stored matrix X is
 * {@code X[off + i*ld + j]}. op(A) is m×k (stored k×m when {@code transA}); op(B) is k×n (stored n×k
 * when {@code transB}); C is m×n. All four transpose combinations are first-class: backprop needs
 * {@code A·Wᵀ} (forward), {@code dZᵀ·A} (weight gradient) and {@code dZ·W} (input gradient).
 *
 * <p>{@code beta == 0} means C is not read, so NaN or garbage in C is ignored, as in BLAS. Results are
 * bit-identical for every thread count. Arguments are validated before anything is written.
 */
public final class Gemm {
  private static final GemmSupport IMPL = KernelProvider.get().gemm();

  private Gemm() {}

  /** {@code C = alpha·op(A)·op(B) + beta·C} on {@link Kernels#defaultThreads()} threads. */
  public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
    sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, Kernels.defaultThreads());
  }

  /** {@code C = alpha·op(A)·op(B) + beta·C} on at most {@code threads} threads. */
  public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
      int threads) {
    check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, threads);
    sgemmChecked(IMPL, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, threads);
  }

  /**
   * The same contract on a given implementation: lets tests and benchmarks run the scalar and Panama
   * kernels side by side in one JVM.
   */
  public static void sgemm(GemmSupport impl, boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
      int threads) {
    check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, threads);
    sgemmChecked(impl, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, threads);
  }

  private static void check(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, int threads) {
    Checks.size("m", m);
    Checks.size("n", n);
    Checks.size("k", k);
    Checks.positive("threads", threads);
    int aRows = transA ? k : m;
    int aCols = transA ? m : k;
    int bRows = transB ? n : k;
    int bCols = transB ? k : n;
    Checks.matrix("a", a, "aOff", aOff, "lda", lda, aRows, aCols);
    Checks.matrix("b", b, "bOff", bOff, "ldb", ldb, bRows, bCols);
    Checks.matrix("c", c, "cOff", cOff, "ldc", ldc, m, n);
    long cSpan = Checks.span(m, n, ldc);
    Checks.disjoint("c", c, cOff, cSpan, "a", a, aOff, Checks.span(aRows, aCols, lda));
    Checks.disjoint("c", c, cOff, cSpan, "b", b, bOff, Checks.span(bRows, bCols, ldb));
  }

  private static void sgemmChecked(GemmSupport impl, boolean transA, boolean transB, int m, int n, int k,
      float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff,
      int ldc, int threads) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0 || alpha == 0f) {
      scaleC(m, n, beta, c, cOff, ldc);
      return;
    }
    impl.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, threads);
  }

  /** C = beta·C, with beta == 0 writing zeros without reading C. */
  private static void scaleC(int m, int n, float beta, float[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      int row = cOff + i * ldc;
      if (beta == 0f) {
        java.util.Arrays.fill(c, row, row + n, 0f);
      } else if (beta != 1f) {
        for (int j = row; j < row + n; j++) {
          c[j] *= beta;
        }
      }
    }
  }
}
