package io.vectorgrad.kernels.panama;

/**
 * The small-matrix path of sgemm (m·n·k up to {@code GEMM_SMALL_MAX_VOLUME}): no packing, one thread. Each
 * row of C is accumulated in a scratch row, {@code Σ_p op(A)(i, p)·op(B)(p, ·)}, with fused multiply-adds
 * in p order (vectorised along the row of B when B is not transposed), then
 * {@code C = beta·C + alpha·acc}.
 */
final class PanamaGemmSmall {
  private PanamaGemmSmall() {}

  static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
    float[] acc = PanamaGemmWorkspace.get().y(n);
    int aRow = transA ? 1 : lda;
    int aCol = transA ? lda : 1;
    for (int i = 0; i < m; i++) {
      java.util.Arrays.fill(acc, 0, n, 0f);
      int ai = aOff + i * aRow;
      if (!transB) {
        for (int p = 0; p < k; p++) {
          PanamaGemv.axpy(a[ai + p * aCol], b, bOff + p * ldb, acc, n);
        }
      } else {
        for (int j = 0; j < n; j++) {
          int bj = bOff + j * ldb;
          float s = 0f;
          for (int p = 0; p < k; p++) {
            s = Math.fma(a[ai + p * aCol], b[bj + p], s);
          }
          acc[j] = s;
        }
      }
      int o = cOff + i * ldc;
      for (int j = 0; j < n; j++) {
        c[o + j] = PanamaGemv.combine(alpha * acc[j], beta, c, o + j);
      }
    }
  }
}
