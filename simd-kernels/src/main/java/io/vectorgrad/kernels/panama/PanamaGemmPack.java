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
 * <p>Layouts: packed A is a sequence of MR-row micro-panels, each either MR rows of {@code kc} floats
 * ({@code ap[panel·MR·kc + r·kc + p] = alpha·op(A)(i0 + panel·MR + r, p0 + p)}; a non-transposed A then
 * packs by plain scaled row copies) or {@code kc} steps of MR floats ({@code ap[panel·MR·kc + p·MR + r]}),
 * as {@code VectorConstants.GEMM_A_BY_ROWS} says; packed B is a sequence of NR-column micro-panels, each {@code kc}
 * steps of NR floats ({@code bp[panel·NR·kc + p·NR + j]}), so the kernel loads B as whole vectors.
 */
final class PanamaGemmPack {
  private PanamaGemmPack() {}

  /** Packs {@code alpha·op(A)[i0 : i0+mc, p0 : p0+kc]} in the layout the kernel reads. */
  static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, float alpha,
      float[] ap) {
    if (VectorConstants.GEMM_A_BY_ROWS) {
      packARows(transA, a, aOff, lda, i0, mc, p0, kc, alpha, ap);
    } else {
      packASteps(transA, a, aOff, lda, i0, mc, p0, kc, alpha, ap);
    }
  }

  /** Micro-panels by rows: {@code ap[panel·MR·kc + r·kc + p]}. */
  private static void packARows(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc,
      float alpha, float[] ap) {
    for (int ir = 0; ir < mc; ir += GEMM_MR) {
      int mr = Math.min(GEMM_MR, mc - ir);
      int base = ir * kc;
      if (transA && mr == GEMM_MR) {
        // op(A)(i, p) = a[p*lda + i]: MR consecutive elements per step, written to MR row streams
        int src = aOff + p0 * lda + i0 + ir;
        for (int p = 0; p < kc; p++, src += lda) {
          for (int r = 0; r < GEMM_MR; r++) {
            ap[base + r * kc + p] = alpha * a[src + r];
          }
        }
        continue;
      }
      for (int r = 0; r < GEMM_MR; r++) {
        int d = base + r * kc;
        if (r >= mr) {
          java.util.Arrays.fill(ap, d, d + kc, 0f);
        } else if (!transA) {
          // op(A)(i, p) = a[i*lda + p]: a scaled copy of a row segment.
          scaledCopy(a, aOff + (i0 + ir + r) * lda + p0, alpha, ap, d, kc);
        } else {
          int src = aOff + p0 * lda + i0 + ir + r;
          for (int p = 0; p < kc; p++, src += lda) {
            ap[d + p] = alpha * a[src];
          }
        }
      }
    }
  }

  /** Micro-panels by steps: {@code ap[panel·MR·kc + p·MR + r]}. */
  private static void packASteps(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc,
      float alpha, float[] ap) {
    for (int ir = 0; ir < mc; ir += GEMM_MR) {
      int mr = Math.min(GEMM_MR, mc - ir);
      int d = ir * kc;
      if (mr == GEMM_MR && !transA) {
        // MR rows read side by side, each in order
        int s0 = aOff + (i0 + ir) * lda + p0;
        for (int p = 0; p < kc; p++, d += GEMM_MR) {
          for (int r = 0; r < GEMM_MR; r++) {
            ap[d + r] = alpha * a[s0 + r * lda + p];
          }
        }
      } else if (mr == GEMM_MR) {
        // op(A)(i, p) = a[p*lda + i]: MR consecutive elements per step
        int src = aOff + p0 * lda + i0 + ir;
        for (int p = 0; p < kc; p++, d += GEMM_MR, src += lda) {
          for (int r = 0; r < GEMM_MR; r++) {
            ap[d + r] = alpha * a[src + r];
          }
        }
      } else {
        // The last, partial panel: zero padding.
        for (int p = 0; p < kc; p++, d += GEMM_MR) {
          for (int r = 0; r < GEMM_MR; r++) {
            float v = 0f;
            if (r < mr) {
              int i = i0 + ir + r;
              v = alpha * (transA ? a[aOff + (p0 + p) * lda + i] : a[aOff + i * lda + p0 + p]);
            }
            ap[d + r] = v;
          }
        }
      }
    }
  }

  /** {@code dst[d..d+n) = alpha·src[s..s+n)}. */
  private static void scaledCopy(float[] src, int s, float alpha, float[] dst, int d, int n) {
    int p = 0;
    if (alpha == 1f) {
      System.arraycopy(src, s, dst, d, n);
      return;
    }
    for (; p <= n - LANES; p += LANES) {
      FloatVector.fromArray(FLOATS, src, s + p).mul(alpha).intoArray(dst, d + p);
    }
    for (; p < n; p++) {
      dst[d + p] = alpha * src[s + p];
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
        // op(B)(p, j) = b[j*ldb + p]: a transpose. Each stored row is read in order and written with stride
        // NR into the kc×NR panel (L1-resident): about 4 floats/ns on Zen 5, 2-3 times faster than gathering
        // NR rows per step with the Vector API. Missing columns of a partial panel are zeros.
        int src = bOff + (j0 + jr) * ldb + p0;
        for (int j = 0; j < GEMM_NR; j++) {
          int d = base + j;
          if (j < nr) {
            int s = src + j * ldb;
            for (int p = 0; p < kc; p++, d += GEMM_NR) {
              bp[d] = b[s + p];
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
