package io.vectorgrad.kernels.spi;

/**
 * Unchecked single-precision GEMM. Arguments have already been validated by
 * {@link io.vectorgrad.kernels.Gemm}; implementations may assume every index they touch is in range,
 * that {@code m, n, k > 0}, that {@code threads >= 1}, and that C does not overlap A or B.
 */
public interface GemmSupport {
  /**
   * {@code C = alpha·op(A)·op(B) + beta·C}, row-major, element (i, j) of a stored matrix X at
   * {@code X[off + i*ld + j]}. {@code beta == 0} means C is not read. The result must be bit-identical
   * for every {@code threads} value.
   */
  void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float beta, float[] c, int cOff, int ldc, int threads);
}
