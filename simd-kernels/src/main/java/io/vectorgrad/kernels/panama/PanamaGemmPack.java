package io.vectorgrad.kernels.panama;

import static io.vectorgrad.kernels.panama.VectorConstants.FLOATS;
import static io.vectorgrad.kernels.panama.VectorConstants.GEMM_MR;
import static io.vectorgrad.kernels.panama.VectorConstants.GEMM_NR;
import static io.vectorgrad.kernels.panama.VectorConstants.LANES;

import jdk.incubator.vector.FloatVector;

/**
 * Packing for the blocked GEMM. Packing absorbs the transposes and alpha, and pads partial micro-panels with
 * zeros so the register kernel always runs full tiles.
 *
 * <p>Layouts: packed A is a sequence of MR-row micro-panels, each {@code kc} steps of MR floats
 * ({@code ap[panel·MR·kc + p·MR + r] = alpha·op(A)(i0 + panel·MR + r, p0 + p)}); packed B is a sequence of
 * NR-column micro-panels, each {@code kc} steps of NR floats.
 */
final class PanamaGemmPack {
  private PanamaGemmPack() {}

  /** Packs {@code alpha·op(A)[i0 : i0+mc, p0 : p0+kc]}. */
  static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, float alpha,
      float[] ap) {
    for (int ir = 0; ir < mc; ir += GEMM_MR) {
      int mr = Math.min(GEMM_MR, mc - ir);
      int base = ir * kc;
      if (transA) {
        // op(A)(i, p) = a[p*lda + i]: MR consecutive elements per step.
        int src = aOff + p0 * lda + i0 + ir;
        if (mr == GEMM_MR) {
          for (int p = 0, d = base; p < kc; p++, d += GEMM_MR, src += lda) {
            for (int r = 0; r < GEMM_MR; r++) {
              ap[d + r] = alpha * a[src + r];
            }
          }
        } else {
          for (int p = 0, d = base; p < kc; p++, d += GEMM_MR, src += lda) {
            for (int r = 0; r < GEMM_MR; r++) {
              ap[d + r] = r < mr ? alpha * a[src + r] : 0f;
            }
          }
        }
      } else {
        // op(A)(i, p) = a[i*lda + p]: read each row contiguously, write with stride MR.
        for (int r = 0; r < GEMM_MR; r++) {
          int d = base + r;
          if (r < mr) {
            int src = aOff + (i0 + ir + r) * lda + p0;
            for (int p = 0; p < kc; p++, d += GEMM_MR) {
              ap[d] = alpha * a[src + p];
            }
          } else {
            for (int p = 0; p < kc; p++, d += GEMM_MR) {
              ap[d] = 0f;
            }
          }
        }
      }
    }
  }

  /** Packs {@code op(B)[p0 : p0+kc, j0 : j0+nc]}. */
  static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, float[] bp) {
    for (int jr = 0; jr < nc; jr += GEMM_NR) {
      int nr = Math.min(GEMM_NR, nc - jr);
      int base = jr * kc;
      if (!transB) {
        // op(B)(p, j) = b[p*ldb + j]: NR consecutive elements per step.
        int src = bOff + p0 * ldb + j0 + jr;
        if (nr == GEMM_NR) {
          for (int p = 0, d = base; p < kc; p++, d += GEMM_NR, src += ldb) {
            for (int v = 0; v < GEMM_NR; v += LANES) {
              FloatVector.fromArray(FLOATS, b, src + v).intoArray(bp, d + v);
            }
          }
        } else {
          for (int p = 0, d = base; p < kc; p++, d += GEMM_NR, src += ldb) {
            for (int j = 0; j < GEMM_NR; j++) {
              bp[d + j] = j < nr ? b[src + j] : 0f;
            }
          }
        }
      } else {
        // op(B)(p, j) = b[j*ldb + p]: read each stored row contiguously, write with stride NR.
        for (int j = 0; j < GEMM_NR; j++) {
          int d = base + j;
          if (j < nr) {
            int src = bOff + (j0 + jr + j) * ldb + p0;
            for (int p = 0; p < kc; p++, d += GEMM_NR) {
              bp[d] = b[src + p];
            }
          } else {
            for (int p = 0; p < kc; p++, d += GEMM_NR) {
              bp[d] = 0f;
            }
          }
        }
      }
    }
  }
}
