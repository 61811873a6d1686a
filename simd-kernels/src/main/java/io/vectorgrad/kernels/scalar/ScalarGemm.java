package io.vectorgrad.kernels.scalar;

import io.vectorgrad.kernels.spi.GemmSupport;

/**
 * Plain-loop sgemm, single-threaded (so trivially thread-count independent): the fair scalar baseline.
 * Loop order follows the storage so the innermost loop runs along contiguous memory: row-of-B updates
 * ({@code C(i,·) += alpha·op(A)(i,p)·B(p,·)}) when B is not transposed, dot products along k when it is.
 */
public final class ScalarGemm implements GemmSupport {
  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float beta, float[] c, int cOff, int ldc, int threads) {
    int aRow = transA ? 1 : lda;
    int aCol = transA ? lda : 1;
    for (int i = 0; i < m; i++) {
      int cRow = cOff + i * ldc;
      int aI = aOff + i * aRow;
      if (transB) {
        for (int j = 0; j < n; j++) {
          int bRow = bOff + j * ldb;
          float sum = 0f;
          for (int p = 0; p < k; p++) {
            sum += a[aI + p * aCol] * b[bRow + p];
          }
          float scaled = alpha * sum;
          c[cRow + j] = beta == 0f ? scaled : beta * c[cRow + j] + scaled;
        }
        continue;
      }
      if (beta == 0f) {
        java.util.Arrays.fill(c, cRow, cRow + n, 0f);
      } else if (beta != 1f) {
        for (int j = 0; j < n; j++) {
          c[cRow + j] *= beta;
        }
      }
      for (int p = 0; p < k; p++) {
        float aip = alpha * a[aI + p * aCol];
        int bRow = bOff + p * ldb;
        for (int j = 0; j < n; j++) {
          c[cRow + j] += aip * b[bRow + j];
        }
      }
    }
  }
}
