package io.vectorgrad.kernels.panama;

import io.vectorgrad.kernels.scalar.ScalarGemm;
import io.vectorgrad.kernels.spi.GemmSupport;

/** TEMPORARY shell: delegates to the scalar kernels until the Vector API versions land. */
final class PanamaGemm implements GemmSupport {
  private final ScalarGemm scalar = new ScalarGemm();

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, int threads) {
    scalar.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, threads);
  }
}
