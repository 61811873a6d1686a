package io.vectorgrad.kernels.panama;

import static io.vectorgrad.kernels.panama.VectorConstants.FLOATS;
import static io.vectorgrad.kernels.panama.VectorConstants.GEMM_MR;
import static io.vectorgrad.kernels.panama.VectorConstants.GEMM_NR;
import static io.vectorgrad.kernels.panama.VectorConstants.LANES;

import jdk.incubator.vector.FloatVector;

/**
 * The GEMM register kernels: one {@code MR×NR} tile (6 rows × 2 vectors or 3 × 3, see
 * {@link VectorConstants#GEMM_TILE}) of packed A (6×2: by rows; 3×3: by steps) times packed B
 * ({@code bp[bi + p·NR + j]}), the accumulators held in locals. Every lane sums its C
 * element over p in order with fused multiply-adds, so the result does not depend on where the tile sits.
 */
final class PanamaGemmKernel {
  /** Write-back: {@code C = acc} (beta == 0 on the first k-block; C is not read). */
  static final int STORE = 0;
  /** Write-back: {@code C = scale·C + acc} (first k-block: scale = beta; later ones: scale = 1). */
  static final int UPDATE = 1;

  static {
    boolean known = VectorConstants.GEMM_TILE == VectorConstants.TILE_3X3
        ? GEMM_MR == 3 && GEMM_NR == 3 * LANES : GEMM_MR == 6 && GEMM_NR == 2 * LANES;
    if (!known) {
      throw new AssertionError("PanamaGemmKernel has no kernel for a " + GEMM_MR + "x" + GEMM_NR + " tile");
    }
  }

  private PanamaGemmKernel() {}

  /**
   * An edge tile ({@code mr×nr} valid elements) from the micro-panels at {@code ap[ai]} and {@code bp[bi]}
   * over {@code kc} steps, stored row-major (row stride NR) into {@code tile}. With the 6×2 tile, panels of
   * up to two or four rows (m = 32, 128 or 512 leave two; 256, 784 or 1024 leave four) and panels one vector
   * wide run kernels that skip the padding; every element gets the same products in the same order whichever
   * kernel computes it. The tile is a constant, so C2 keeps one branch of the first test.
   */
  static void tile(int kc, float[] ap, int ai, int aStride, float[] bp, int bi, int mr, int nr, float[] tile) {
    if (VectorConstants.GEMM_TILE == VectorConstants.TILE_3X3) {
      tile3x3(kc, ap, ai, bp, bi, tile);
    } else if (mr <= 2) {
      tileRows2(kc, ap, ai, aStride, bp, bi, tile);
    } else if (mr <= 4) {
      tileRows4(kc, ap, ai, aStride, bp, bi, tile);
    } else if (nr <= LANES) {
      tileRowsHalf(kc, ap, ai, aStride, bp, bi, tile);
    } else {
      tileRowsIntoC(kc, ap, ai, aStride, bp, bi, tile, 0, GEMM_NR, STORE, 0f);
    }
  }

  /**
   * The first two rows of a 6×2 tile ({@link #tileRowsIntoC} for an edge panel of one or two rows of C, whose
   * other rows are padding): a third of the work of the full tile. Rows 0 and 1 of {@code tile} are
   * written, with the same products in the same order as the full tile.
   */
  static void tileRows2(int kc, float[] ap, int ai, int aStride, float[] bp, int bi, float[] tile) {
    int a0 = ai;
    int a1 = a0 + aStride;
    FloatVector c00 = FloatVector.zero(FLOATS);
    FloatVector c01 = FloatVector.zero(FLOATS);
    FloatVector c10 = FloatVector.zero(FLOATS);
    FloatVector c11 = FloatVector.zero(FLOATS);
    for (int p = 0; p < kc; p++) {
      FloatVector b0 = FloatVector.fromArray(FLOATS, bp, bi);
      FloatVector b1 = FloatVector.fromArray(FLOATS, bp, bi + LANES);
      FloatVector a;
      a = FloatVector.broadcast(FLOATS, ap[a0 + p]);
      c00 = a.fma(b0, c00);
      c01 = a.fma(b1, c01);
      a = FloatVector.broadcast(FLOATS, ap[a1 + p]);
      c10 = a.fma(b0, c10);
      c11 = a.fma(b1, c11);
      bi += GEMM_NR;
    }
    c00.intoArray(tile, 0 * GEMM_NR);
    c01.intoArray(tile, 0 * GEMM_NR + LANES);
    c10.intoArray(tile, 1 * GEMM_NR);
    c11.intoArray(tile, 1 * GEMM_NR + LANES);
  }

  /** The first four rows of a 6×2 tile, for an edge panel of three or four rows of C (see {@link #tileRows2}). */
  static void tileRows4(int kc, float[] ap, int ai, int aStride, float[] bp, int bi, float[] tile) {
    int a0 = ai;
    int a1 = a0 + aStride;
    int a2 = a1 + aStride;
    int a3 = a2 + aStride;
    FloatVector c00 = FloatVector.zero(FLOATS);
    FloatVector c01 = FloatVector.zero(FLOATS);
    FloatVector c10 = FloatVector.zero(FLOATS);
    FloatVector c11 = FloatVector.zero(FLOATS);
    FloatVector c20 = FloatVector.zero(FLOATS);
    FloatVector c21 = FloatVector.zero(FLOATS);
    FloatVector c30 = FloatVector.zero(FLOATS);
    FloatVector c31 = FloatVector.zero(FLOATS);
    for (int p = 0; p < kc; p++) {
      FloatVector b0 = FloatVector.fromArray(FLOATS, bp, bi);
      FloatVector b1 = FloatVector.fromArray(FLOATS, bp, bi + LANES);
      FloatVector a;
      a = FloatVector.broadcast(FLOATS, ap[a0 + p]);
      c00 = a.fma(b0, c00);
      c01 = a.fma(b1, c01);
      a = FloatVector.broadcast(FLOATS, ap[a1 + p]);
      c10 = a.fma(b0, c10);
      c11 = a.fma(b1, c11);
      a = FloatVector.broadcast(FLOATS, ap[a2 + p]);
      c20 = a.fma(b0, c20);
      c21 = a.fma(b1, c21);
      a = FloatVector.broadcast(FLOATS, ap[a3 + p]);
      c30 = a.fma(b0, c30);
      c31 = a.fma(b1, c31);
      bi += GEMM_NR;
    }
    c00.intoArray(tile, 0 * GEMM_NR);
    c01.intoArray(tile, 0 * GEMM_NR + LANES);
    c10.intoArray(tile, 1 * GEMM_NR);
    c11.intoArray(tile, 1 * GEMM_NR + LANES);
    c20.intoArray(tile, 2 * GEMM_NR);
    c21.intoArray(tile, 2 * GEMM_NR + LANES);
    c30.intoArray(tile, 3 * GEMM_NR);
    c31.intoArray(tile, 3 * GEMM_NR + LANES);
  }

  /**
   * The first vector of every row of a 6×2 tile, for an edge panel at most one vector wide (784 = 24·32 +
   * 16 columns): half the work of the full tile. Lanes {@code [0, LANES)} of each tile row are written.
   */
  static void tileRowsHalf(int kc, float[] ap, int ai, int aStride, float[] bp, int bi, float[] tile) {
    int a0 = ai;
    int a1 = a0 + aStride;
    int a2 = a1 + aStride;
    int a3 = a2 + aStride;
    int a4 = a3 + aStride;
    int a5 = a4 + aStride;
    FloatVector c0 = FloatVector.zero(FLOATS);
    FloatVector c1 = FloatVector.zero(FLOATS);
    FloatVector c2 = FloatVector.zero(FLOATS);
    FloatVector c3 = FloatVector.zero(FLOATS);
    FloatVector c4 = FloatVector.zero(FLOATS);
    FloatVector c5 = FloatVector.zero(FLOATS);
    for (int p = 0; p < kc; p++) {
      FloatVector b0 = FloatVector.fromArray(FLOATS, bp, bi);
      c0 = FloatVector.broadcast(FLOATS, ap[a0 + p]).fma(b0, c0);
      c1 = FloatVector.broadcast(FLOATS, ap[a1 + p]).fma(b0, c1);
      c2 = FloatVector.broadcast(FLOATS, ap[a2 + p]).fma(b0, c2);
      c3 = FloatVector.broadcast(FLOATS, ap[a3 + p]).fma(b0, c3);
      c4 = FloatVector.broadcast(FLOATS, ap[a4 + p]).fma(b0, c4);
      c5 = FloatVector.broadcast(FLOATS, ap[a5 + p]).fma(b0, c5);
      bi += GEMM_NR;
    }
    c0.intoArray(tile, 0 * GEMM_NR);
    c1.intoArray(tile, 1 * GEMM_NR);
    c2.intoArray(tile, 2 * GEMM_NR);
    c3.intoArray(tile, 3 * GEMM_NR);
    c4.intoArray(tile, 4 * GEMM_NR);
    c5.intoArray(tile, 5 * GEMM_NR);
  }

  /**
   * The full 6×2 tile over a micro-panel by rows ({@code ap[ai + r·aStride + p]}), written straight from the
   * accumulators: {@code C = acc} or {@code C = scale·C + acc} at {@code c[ci + r·ldc + j]}, the same two
   * roundings as {@link #writeBack}. Into C it saves the round trip through the tile buffer, which costs
   * most where k is short; {@link #tile} points it at the tile buffer. C2 must compile the whole loop with
   * every vector in a register: keep the write-back this simple.
   */
  static void tileRowsIntoC(int kc, float[] ap, int ai, int aStride, float[] bp, int bi, float[] c, int ci, int ldc,
      int mode, float scale) {
    // Row r of the A micro-panel is ap[ai + r*aStride + p] (aStride = kc when packed, lda when A is read
    // in place); six streams, each read in order.
    int a0 = ai;
    int a1 = a0 + aStride;
    int a2 = a1 + aStride;
    int a3 = a2 + aStride;
    int a4 = a3 + aStride;
    int a5 = a4 + aStride;
    FloatVector c00 = FloatVector.zero(FLOATS);
    FloatVector c01 = FloatVector.zero(FLOATS);
    FloatVector c10 = FloatVector.zero(FLOATS);
    FloatVector c11 = FloatVector.zero(FLOATS);
    FloatVector c20 = FloatVector.zero(FLOATS);
    FloatVector c21 = FloatVector.zero(FLOATS);
    FloatVector c30 = FloatVector.zero(FLOATS);
    FloatVector c31 = FloatVector.zero(FLOATS);
    FloatVector c40 = FloatVector.zero(FLOATS);
    FloatVector c41 = FloatVector.zero(FLOATS);
    FloatVector c50 = FloatVector.zero(FLOATS);
    FloatVector c51 = FloatVector.zero(FLOATS);
    for (int p = 0; p < kc; p++) {
      FloatVector b0 = FloatVector.fromArray(FLOATS, bp, bi);
      FloatVector b1 = FloatVector.fromArray(FLOATS, bp, bi + LANES);
      FloatVector a;
      a = FloatVector.broadcast(FLOATS, ap[a0 + p]);
      c00 = a.fma(b0, c00);
      c01 = a.fma(b1, c01);
      a = FloatVector.broadcast(FLOATS, ap[a1 + p]);
      c10 = a.fma(b0, c10);
      c11 = a.fma(b1, c11);
      a = FloatVector.broadcast(FLOATS, ap[a2 + p]);
      c20 = a.fma(b0, c20);
      c21 = a.fma(b1, c21);
      a = FloatVector.broadcast(FLOATS, ap[a3 + p]);
      c30 = a.fma(b0, c30);
      c31 = a.fma(b1, c31);
      a = FloatVector.broadcast(FLOATS, ap[a4 + p]);
      c40 = a.fma(b0, c40);
      c41 = a.fma(b1, c41);
      a = FloatVector.broadcast(FLOATS, ap[a5 + p]);
      c50 = a.fma(b0, c50);
      c51 = a.fma(b1, c51);
      bi += GEMM_NR;
    }
    if (mode == STORE) {
      c00.intoArray(c, ci + 0 * ldc);
      c01.intoArray(c, ci + 0 * ldc + LANES);
      c10.intoArray(c, ci + 1 * ldc);
      c11.intoArray(c, ci + 1 * ldc + LANES);
      c20.intoArray(c, ci + 2 * ldc);
      c21.intoArray(c, ci + 2 * ldc + LANES);
      c30.intoArray(c, ci + 3 * ldc);
      c31.intoArray(c, ci + 3 * ldc + LANES);
      c40.intoArray(c, ci + 4 * ldc);
      c41.intoArray(c, ci + 4 * ldc + LANES);
      c50.intoArray(c, ci + 5 * ldc);
      c51.intoArray(c, ci + 5 * ldc + LANES);
    } else {
      FloatVector.fromArray(FLOATS, c, ci + 0 * ldc).mul(scale).add(c00).intoArray(c, ci + 0 * ldc);
      FloatVector.fromArray(FLOATS, c, ci + 0 * ldc + LANES).mul(scale).add(c01).intoArray(c, ci + 0 * ldc + LANES);
      FloatVector.fromArray(FLOATS, c, ci + 1 * ldc).mul(scale).add(c10).intoArray(c, ci + 1 * ldc);
      FloatVector.fromArray(FLOATS, c, ci + 1 * ldc + LANES).mul(scale).add(c11).intoArray(c, ci + 1 * ldc + LANES);
      FloatVector.fromArray(FLOATS, c, ci + 2 * ldc).mul(scale).add(c20).intoArray(c, ci + 2 * ldc);
      FloatVector.fromArray(FLOATS, c, ci + 2 * ldc + LANES).mul(scale).add(c21).intoArray(c, ci + 2 * ldc + LANES);
      FloatVector.fromArray(FLOATS, c, ci + 3 * ldc).mul(scale).add(c30).intoArray(c, ci + 3 * ldc);
      FloatVector.fromArray(FLOATS, c, ci + 3 * ldc + LANES).mul(scale).add(c31).intoArray(c, ci + 3 * ldc + LANES);
      FloatVector.fromArray(FLOATS, c, ci + 4 * ldc).mul(scale).add(c40).intoArray(c, ci + 4 * ldc);
      FloatVector.fromArray(FLOATS, c, ci + 4 * ldc + LANES).mul(scale).add(c41).intoArray(c, ci + 4 * ldc + LANES);
      FloatVector.fromArray(FLOATS, c, ci + 5 * ldc).mul(scale).add(c50).intoArray(c, ci + 5 * ldc);
      FloatVector.fromArray(FLOATS, c, ci + 5 * ldc + LANES).mul(scale).add(c51).intoArray(c, ci + 5 * ldc + LANES);
    }
  }

  /** The 3 × 3-vector tile, A micro-panel by steps ({@code ap[ai + p·3 + r]}). */
  static void tile3x3(int kc, float[] ap, int ai, float[] bp, int bi, float[] tile) {
    FloatVector c00 = FloatVector.zero(FLOATS);
    FloatVector c01 = FloatVector.zero(FLOATS);
    FloatVector c02 = FloatVector.zero(FLOATS);
    FloatVector c10 = FloatVector.zero(FLOATS);
    FloatVector c11 = FloatVector.zero(FLOATS);
    FloatVector c12 = FloatVector.zero(FLOATS);
    FloatVector c20 = FloatVector.zero(FLOATS);
    FloatVector c21 = FloatVector.zero(FLOATS);
    FloatVector c22 = FloatVector.zero(FLOATS);
    for (int p = 0; p < kc; p++) {
      FloatVector b0 = FloatVector.fromArray(FLOATS, bp, bi);
      FloatVector b1 = FloatVector.fromArray(FLOATS, bp, bi + LANES);
      FloatVector b2 = FloatVector.fromArray(FLOATS, bp, bi + 2 * LANES);
      FloatVector a;
      a = FloatVector.broadcast(FLOATS, ap[ai]);
      c00 = a.fma(b0, c00);
      c01 = a.fma(b1, c01);
      c02 = a.fma(b2, c02);
      a = FloatVector.broadcast(FLOATS, ap[ai + 1]);
      c10 = a.fma(b0, c10);
      c11 = a.fma(b1, c11);
      c12 = a.fma(b2, c12);
      a = FloatVector.broadcast(FLOATS, ap[ai + 2]);
      c20 = a.fma(b0, c20);
      c21 = a.fma(b1, c21);
      c22 = a.fma(b2, c22);
      ai += 3;
      bi += GEMM_NR;
    }
    c00.intoArray(tile, 0);
    c01.intoArray(tile, LANES);
    c02.intoArray(tile, 2 * LANES);
    c10.intoArray(tile, GEMM_NR);
    c11.intoArray(tile, GEMM_NR + LANES);
    c12.intoArray(tile, GEMM_NR + 2 * LANES);
    c20.intoArray(tile, 2 * GEMM_NR);
    c21.intoArray(tile, 2 * GEMM_NR + LANES);
    c22.intoArray(tile, 2 * GEMM_NR + 2 * LANES);
  }

  /**
   * Writes the valid {@code mr×nr} corner of a tile into C: {@code C = acc} ({@link #STORE}) or
   * {@code C = scale·C + acc} ({@link #UPDATE}, scale 1 for later k-blocks; {@code 1·C} is exact). Whole
   * vectors of a row go vector-wise, the rest scalar with the same two roundings, so edge tiles match
   * interior ones.
   */
  static void writeBack(float[] tile, int mr, int nr, float[] c, int ci, int ldc, int mode, float scale) {
    for (int r = 0; r < mr; r++) {
      int t = r * GEMM_NR;
      int o = ci + r * ldc;
      // whole vectors first (a one-vector edge panel, 784 = 24·32 + 16 columns, is one vector per row)
      int j = 0;
      for (; j + LANES <= nr; j += LANES) {
        FloatVector acc = FloatVector.fromArray(FLOATS, tile, t + j);
        if (mode == STORE) {
          acc.intoArray(c, o + j);
        } else {
          FloatVector.fromArray(FLOATS, c, o + j).mul(scale).add(acc).intoArray(c, o + j);
        }
      }
      for (; j < nr; j++) {
        float acc = tile[t + j];
        if (mode == STORE) {
          c[o + j] = acc;
        } else {
          float scaled = scale * c[o + j];
          c[o + j] = scaled + acc;
        }
      }
    }
  }
}
